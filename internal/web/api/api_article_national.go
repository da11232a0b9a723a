package api

import (
	"context"
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// apiNational is how an article relates to its national text (national content).
type apiNational struct {
	Inherited       bool                `json:"inherited"`
	UPL             string              `json:"upl,omitempty"`
	NationalVersion int                 `json:"national_version,omitempty"`
	Overrides       []string            `json:"overrides"`
	Changes         []apiNationalChange `json:"changes"`
}

// apiNationalChange is one field whose national text changed under the municipality's own text.
type apiNationalChange struct {
	Field       string `json:"field"`
	OldNational string `json:"old_national"`
	NewNational string `json:"new_national"`
	Local       string `json:"local"`
}

// apiInherit is the body of POST /api/v1/national/inherit.
type apiInherit struct {
	UPL      string `json:"upl"`
	ID       string `json:"id"`
	Owner    string `json:"owner"`
	ReviewBy string `json:"review_by"`
}

// showArticleNational is GET /api/v1/articles/{id}/national.
func (h *Handler) showArticleNational(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := h.deps.Store.Article(r.Context(), id); errors.Is(err, kb.ErrNotFound) {
		respond.Fail(w, http.StatusNotFound, "Dit artikel bestaat niet.")
		return
	} else if err != nil {
		h.serverError(w, r, err)
		return
	}
	st, err := h.articles().NationalStatus(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := apiNational{Inherited: st.Inherited, UPL: st.UPL, NationalVersion: st.Version, Overrides: []string{}, Changes: []apiNationalChange{}}
	if in, err := h.deps.Store.Inheritance(r.Context(), id); err == nil {
		out.Overrides = append(out.Overrides, in.Overrides()...)
	}
	for _, c := range st.Changes {
		out.Changes = append(out.Changes, apiNationalChange{Field: c.Field, OldNational: c.OldNational, NewNational: c.NewNational, Local: c.Local})
	}
	respond.JSON(w, http.StatusOK, out)
}

// takeArticleNational is POST /api/v1/articles/{id}/national/take: the national text where it changed
// under the municipality's own text (a new version, audited).
func (h *Handler) takeArticleNational(w http.ResponseWriter, r *http.Request) {
	h.articleChange(w, r, func(ctx context.Context, actor, id string) (kb.Saved, error) {
		return h.articles().TakeNational(ctx, actor, id)
	})
}

// keepArticleNational is POST /api/v1/articles/{id}/national/keep: the municipality keeps its own text.
func (h *Handler) keepArticleNational(w http.ResponseWriter, r *http.Request) {
	h.articleChange(w, r, h.articles().KeepLocal)
}

// inheritNational is POST /api/v1/national/inherit: a new article that inherits a national text.
func (h *Handler) inheritNational(w http.ResponseWriter, r *http.Request) {
	var in apiInherit
	if err := respond.DecodeJSON(w, r, 16<<10, &in); err != nil {
		respond.Fail(w, http.StatusBadRequest, "body must be one JSON object with upl, owner, review_by and optionally id, sent as application/json")
		return
	}
	saved, err := h.articles().Inherit(r.Context(), staffauth.Staff(r).Email, in.UPL, kb.Article{ID: in.ID, Owner: in.Owner, ReviewBy: in.ReviewBy})
	if err != nil {
		h.articleInvalid(w, err)
		return
	}
	a, err := h.deps.Store.Article(r.Context(), saved.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusCreated, apiArticleChange{Outcome: string(saved.Outcome), Version: saved.Version, Live: saved.Version, Article: h.staffArticle(a)})
}
