package console

import (
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// setTaskState moves a task to open, in progress or done; done asks what came of it (the outcome).
func (h *Handler) setTaskState(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	if !h.parseForm(w, r, 8<<10) {
		return
	}
	back := url.Values{}
	if team := r.PostForm.Get("terug-team"); team != "" {
		back.Set("team", team)
	}
	state := r.PostForm.Get("status")
	err = h.deps.ContactService.SetTaskState(r.Context(), id, state, r.PostForm.Get("uitkomst"), staffauth.Staff(r).ID)
	switch {
	case problem.KindOf(err) == problem.Invalid:
		for _, msg := range problem.FieldsOf(err) {
			back.Set("fout", msg)
		}
	case err != nil:
		h.contactError(w, r, err)
		return
	default:
		h.auth.Audit(r, "task-state", "task", strconv.FormatInt(id, 10), state)
		back.Set("bijgewerkt", "1")
	}
	http.Redirect(w, r, "/beheer/taken?"+back.Encode()+"#taak-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
