package console

import (
	"net/http"
	"time"

	"loket/internal/problem"
)

// moveAppointmentForCaller moves an appointment to the chosen time on a caller's behalf.
func (h *Handler) moveAppointmentForCaller(w http.ResponseWriter, r *http.Request) {
	id, ok := appointmentID(r)
	if !ok || !h.parseForm(w, r, 8<<10) {
		if !ok {
			h.notFound(w, r)
		}
		return
	}
	a, err := h.deps.Appointments.ByID(r.Context(), id)
	if h.appointmentFailed(w, r, err) {
		return
	}
	start, _ := time.Parse(time.RFC3339, r.PostForm.Get("tijd"))
	moved, err := h.deps.Appointments.Move(r.Context(), a, start, true, "")
	if k := problem.KindOf(err); k == problem.Invalid || k == problem.Conflict {
		f := readCallerForm(r.PostForm)
		f.Move = itoa(id)
		h.renderAppointmentForCaller(w, r, http.StatusConflict, f, problem.FieldsOf(err), problem.MessageOf(err))
		return
	}
	if h.appointmentFailed(w, r, err) {
		return
	}
	h.auth.Audit(r, "appointment-move", "appointment", itoa(id), a.Reference)
	http.Redirect(w, r, backToDay(moved, "verzet"), http.StatusSeeOther)
}
