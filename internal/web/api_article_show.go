package web

import (
	"errors"
	"net/http"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/store"
)

// staffArticle is an article as staff see it through the API: drafts too, with the internal note.
func (h *apiHandler) staffArticle(a kb.Article) apiArticle {
	out := h.publicArticle(a)
	out.Internal = a.Internal
	return out
}

// optionalStaff identifies a caller of a public route that may send a bearer token: no token means a
// resident (false, nil); a token that is wrong is an error, so an integration learns its token is bad.
func (h *apiHandler) optionalStaff(r *http.Request) (auth.Staff, bool, error) {
	if r.Header.Get("Authorization") == "" {
		return auth.Staff{}, false, nil
	}
	st, err := h.identify(r)
	if err != nil {
		return st, false, err
	}
	return st, true, nil
}

// showArticleAsStaff answers GET /api/v1/articles/{id} for a caller with a valid token, and reports
// whether it did; a bad token gets 401.
func (h *apiHandler) showArticleAsStaff(w http.ResponseWriter, r *http.Request) bool {
	_, ok, err := h.optionalStaff(r)
	switch {
	case errors.Is(err, store.ErrNotFound):
		w.Header().Set("WWW-Authenticate", `Bearer realm="loket"`)
		h.apiFail(w, http.StatusUnauthorized, "invalid bearer token")
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
		h.apiFail(w, http.StatusNotFound, "article not found")
	case err != nil:
		h.serverError(w, r, err)
	default:
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, h.staffArticle(a))
	}
	return true
}
