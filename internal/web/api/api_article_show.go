package api

import (
	"errors"
	"net/http"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/respond"
)

// staffArticle is an article as staff see it through the API: drafts too, with the internal note.
func (h *Handler) staffArticle(a kb.Article) apiArticle {
	out := h.publicArticle(a)
	out.Internal = a.Internal
	return out
}

// optionalStaff identifies a caller of a public route that may send a bearer token: no token means a
// resident (false, nil); a token that is wrong is an error, so an integration learns its token is bad.
func (h *Handler) optionalStaff(r *http.Request) (auth.Staff, bool, error) {
	if r.Header.Get("Authorization") == "" {
		return auth.Staff{}, false, nil
	}
	st, err := h.auth.Identify(r)
	if err != nil {
		return st, false, err
	}
	return st, true, nil
}

// showArticleAsStaff answers GET /api/v1/articles/{id} for a caller with a valid token, and reports
// whether it did; a bad token gets 401.
func (h *Handler) showArticleAsStaff(w http.ResponseWriter, r *http.Request) bool {
	_, ok, err := h.optionalStaff(r)
	switch {
	case errors.Is(err, store.ErrNotFound):
		w.Header().Set("WWW-Authenticate", `Bearer realm="loket"`)
		respond.Fail(w, http.StatusUnauthorized, "invalid bearer token")
		return true
	case err != nil:
		h.serverError(w, r, err)
		return true
	case !ok:
		return false
	}
	a, err := h.deps.Store.Article(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, kb.ErrNotFound):
		respond.Fail(w, http.StatusNotFound, "article not found")
	case err != nil:
		h.serverError(w, r, err)
	default:
		w.Header().Set("Cache-Control", "no-store")
		respond.JSON(w, http.StatusOK, h.staffArticle(a))
	}
	return true
}
