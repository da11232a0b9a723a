package web

import (
	"errors"
	"net/http"

	"loket/internal/kb"
)

// deleteArticle is DELETE /api/v1/articles/{id}; the version history stays for the audit trail.
func (h *apiHandler) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.deps.Store.DeleteArticle(r.Context(), id)
	if errors.Is(err, kb.ErrNotFound) {
		h.apiFail(w, http.StatusNotFound, "article not found")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.audit(r, "delete", "article", id, "api")
	w.WriteHeader(http.StatusNoContent)
}
