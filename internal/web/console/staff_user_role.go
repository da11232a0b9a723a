package console

import (
	"net/http"
	"strconv"

	"loket/internal/auth"
	"loket/internal/web/staffauth"
)

// changeUserRole gives an account another role; the last active administrator keeps theirs.
func (h *Handler) changeUserRole(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || !h.parseSmallForm(w, r) {
		h.notFound(w, r)
		return
	}
	err = h.accounts.SetRole(r.Context(), staffauth.Staff(r), id, auth.Role(r.PostForm.Get("rol")))
	h.afterUserChange(w, r, err, "De rol is veranderd.")
}

// parseSmallForm reads a form of a few fields.
func (h *Handler) parseSmallForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	return r.ParseForm() == nil
}
