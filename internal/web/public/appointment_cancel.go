package public

import (
	"net/http"

	"loket/internal/appointment"
	"loket/internal/problem"
)

// cancelAppointment cancels; the time is free again at once and the resident gets a mail.
func (h *Handler) cancelAppointment(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 4<<10) {
		return
	}
	a, ok := h.appointmentByLink(w, r)
	if !ok {
		return
	}
	if err := h.deps.Appointments.Cancel(r.Context(), a, false); err != nil {
		if problem.KindOf(err) == problem.Internal {
			h.serverError(w, r, err)
			return
		}
		h.renderAppointmentShow(w, r, http.StatusConflict, a, "", problem.MessageOf(err), nil)
		return
	}
	// The links are gone with the cancellation, so the page says so now instead of after a redirect.
	a.State = appointment.StateCancelled
	h.renderAppointmentShow(w, r, http.StatusOK, a, "", "", nil)
}
