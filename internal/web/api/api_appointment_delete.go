package api

import (
	"net/http"

	"loket/internal/web/respond"
)

// deleteAppointment answers DELETE /api/v1/appointments/{token}: the resident cancels with the secret
// of the change link; 204, 404 for an unknown link, 409 past the cut-off or when already cancelled.
func (h *Handler) deleteAppointment(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "too many requests; try again in a few minutes")
		return
	}
	if h.appointmentFailed(w, r, h.deps.Appointments.CancelByToken(r.Context(), r.PathValue("token"))) {
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
