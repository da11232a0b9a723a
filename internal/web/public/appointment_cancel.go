package public

import (
	"net/http"

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
	http.Redirect(w, r, "/afspraak/"+r.PathValue("token"), http.StatusSeeOther)
}
