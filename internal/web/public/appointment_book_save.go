package public

import (
	"net/http"

	"loket/internal/appointment"
)

// saveAppointmentBooking books after the resident confirmed the summary, then shows the appointment's
// own page behind the change link; the confirmation mail with the calendar file is queued in the same
// transaction.
func (h *Handler) saveAppointmentBooking(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	if !h.limits.Allow(r) {
		h.render(w, r, http.StatusTooManyRequests, "error", renderTooMany())
		return
	}
	f := readAppointmentForm(r.PostForm)
	booked, err := h.deps.Appointments.Book(r.Context(), f.booking(appointment.SourceWeb))
	if err != nil {
		h.appointmentProblem(w, r, f, err)
		return
	}
	http.Redirect(w, r, "/afspraak/"+booked.Token+"?gemaakt=1", http.StatusSeeOther)
}
