package api

import (
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// deleteArticle is DELETE /api/v1/articles/{id}; the version history stays for the audit trail.
func (h *Handler) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.articles().Delete(r.Context(), staffauth.Staff(r).Email, id)
	if errors.Is(err, kb.ErrNotFound) {
		respond.Fail(w, http.StatusNotFound, "article not found")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
