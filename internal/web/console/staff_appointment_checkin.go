package console

import (
	"net/http"
	"strconv"

	"loket/internal/web/staffauth"
)

// checkInAppointment records the resident's arrival; the visit becomes a counter contact of the person.
func (h *Handler) checkInAppointment(w http.ResponseWriter, r *http.Request) {
	id, ok := appointmentID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	a, err := h.deps.Appointments.CheckIn(r.Context(), id, staffauth.Staff(r).Email)
	if h.appointmentFailed(w, r, err) {
		return
	}
	h.auth.Audit(r, "appointment-check-in", "appointment", strconv.FormatInt(id, 10), a.Reference)
	http.Redirect(w, r, backToDay(a, "aangemeld"), http.StatusSeeOther)
}
