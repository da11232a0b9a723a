package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"loket/internal/kb"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// apiArticleChange answers an operation on a whole article: what it did, the newest version, the
// version on the website (0 when offline), and the article as it is now.
type apiArticleChange struct {
	Outcome string     `json:"outcome"`
	Version int        `json:"version"`
	Live    int        `json:"live_version"`
	Article apiArticle `json:"article"`
}

// depublishArticle is POST /api/v1/articles/{id}/offline.
func (h *Handler) depublishArticle(w http.ResponseWriter, r *http.Request) {
	h.articleChange(w, r, h.articles().Depublish)
}

// republishArticle is POST /api/v1/articles/{id}/online.
func (h *Handler) republishArticle(w http.ResponseWriter, r *http.Request) {
	h.articleChange(w, r, h.articles().Republish)
}

// publishArticle is POST /api/v1/articles/{id}/publish: the newest version (a concept) goes live.
func (h *Handler) publishArticle(w http.ResponseWriter, r *http.Request) {
	h.articleChange(w, r, h.articles().Publish)
}

// restoreArticleVersion is POST /api/v1/articles/{id}/versions/{version}/restore: the version becomes
// the newest concept; residents keep the published text.
func (h *Handler) restoreArticleVersion(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		respond.Fail(w, http.StatusNotFound, "Deze versie bestaat niet.")
		return
	}
	h.articleChange(w, r, func(ctx context.Context, actor, id string) (kb.Saved, error) {
		return h.articles().Restore(ctx, actor, id, n)
	})
}

func (h *Handler) articleChange(w http.ResponseWriter, r *http.Request, op func(ctx context.Context, actor, id string) (kb.Saved, error)) {
	id := r.PathValue("id")
	saved, err := op(r.Context(), staffauth.Staff(r).Email, id)
	switch {
	case errors.Is(err, kb.ErrNotFound):
		respond.Fail(w, http.StatusNotFound, "Dit artikel of deze versie bestaat niet.")
		return
	case err != nil:
		if _, ok := errors.AsType[*kb.ValidationError](err); ok {
			h.articleInvalid(w, err)
			return
		}
		h.serverError(w, r, err)
		return
	}
	a, err := h.deps.Store.Article(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := apiArticleChange{Outcome: string(saved.Outcome), Version: saved.Version, Article: h.staffArticle(a)}
	if a.Published() {
		if out.Live, err = h.deps.Store.LiveVersion(r.Context(), id); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	respond.JSON(w, http.StatusOK, out)
}
