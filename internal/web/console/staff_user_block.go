package console

import (
	"net/http"
	"strconv"

	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// blockUser blocks an account: its sessions end and its tokens are revoked at once.
func (h *Handler) blockUser(w http.ResponseWriter, r *http.Request) { h.setUserBlocked(w, r, true) }

// unblockUser lets a blocked account sign in again (with a new password from the administrator).
func (h *Handler) unblockUser(w http.ResponseWriter, r *http.Request) { h.setUserBlocked(w, r, false) }

func (h *Handler) setUserBlocked(w http.ResponseWriter, r *http.Request, blocked bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	err = h.accounts.SetDisabled(r.Context(), staffauth.Staff(r), id, blocked)
	h.afterUserChange(w, r, err, map[bool]string{true: "Het account is geblokkeerd. Alle sessies en tokens zijn beëindigd.",
		false: "Het account is niet meer geblokkeerd."}[blocked])
}

// afterUserChange shows the users page with the outcome of a change: the message, or the problem.
func (h *Handler) afterUserChange(w http.ResponseWriter, r *http.Request, err error, done string) {
	switch problem.KindOf(err) {
	case problem.NotFound:
		h.notFound(w, r)
	case problem.Conflict, problem.Invalid:
		h.renderUsers(w, r, http.StatusConflict, usersData{Problem: problem.MessageOf(err)})
	default:
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		h.renderUsers(w, r, http.StatusOK, usersData{Done: done})
	}
}
