package console

import (
	"loket/internal/web/staffauth"
	"net/http"
	"net/url"
	"strconv"
)

// setTaskState moves a task to open, in progress or done.
func (h *Handler) setTaskState(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	if !h.parseForm(w, r, 4<<10) {
		return
	}
	state := r.PostForm.Get("status")
	if _, ok := taskStateLabels[state]; !ok {
		h.badRequest(w, r, "Kies open, bezig of klaar.")
		return
	}
	if err := h.deps.Store.SetTaskState(r.Context(), id, state, staffauth.Staff(r).ID); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "task-state", "task", strconv.FormatInt(id, 10), state)
	back := "/beheer/taken?bijgewerkt=1"
	if team := r.PostForm.Get("terug-team"); team != "" {
		back += "&team=" + url.QueryEscape(team)
	}
	http.Redirect(w, r, back+"#taak-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
