package console

import "net/http"

// cancelAppointmentForCaller cancels on a caller's behalf, also after the residents' cut-off.
func (h *Handler) cancelAppointmentForCaller(w http.ResponseWriter, r *http.Request) {
	id, ok := appointmentID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	a, err := h.deps.Appointments.ByID(r.Context(), id)
	if h.appointmentFailed(w, r, err) {
		return
	}
	if h.appointmentFailed(w, r, h.deps.Appointments.Cancel(r.Context(), a, true)) {
		return
	}
	h.auth.Audit(r, "appointment-cancel", "appointment", itoa(id), a.Reference)
	http.Redirect(w, r, backToDay(a, "afgezegd"), http.StatusSeeOther)
}
