package console

import (
	"net/http"
	"strconv"
)

// markAppointmentNoShow records "niet verschenen" once the start has passed.
func (h *Handler) markAppointmentNoShow(w http.ResponseWriter, r *http.Request) {
	id, ok := appointmentID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	a, err := h.deps.Appointments.NoShow(r.Context(), id)
	if h.appointmentFailed(w, r, err) {
		return
	}
	h.auth.Audit(r, "appointment-no-show", "appointment", strconv.FormatInt(id, 10), a.Reference)
	http.Redirect(w, r, backToDay(a, "niet"), http.StatusSeeOther)
}
