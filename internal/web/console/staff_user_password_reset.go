package console

import (
	"net/http"
	"strconv"

	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// resetUserPassword gives an account a new password, shown once to the administrator; every session of
// the account ends and every token is revoked.
func (h *Handler) resetUserPassword(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	password, err := h.accounts.ResetPassword(r.Context(), staffauth.Staff(r).Email, id)
	if problem.KindOf(err) == problem.NotFound {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	u, err := h.deps.Store.StaffUser(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.renderUsers(w, r, http.StatusOK, usersData{Password: password, Form: userForm{Email: u.Email}, Reset: true})
}
