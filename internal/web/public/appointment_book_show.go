package public

import (
	"net/http"
)

// showAppointmentBooking is the booking page: what, how many and where; then the days with free times;
// then the times of the chosen day with the contact fields. Every step is a plain form or link, so it works
// with the keyboard and without JavaScript.
func (h *Handler) showAppointmentBooking(w http.ResponseWriter, r *http.Request) {
	p, err := h.buildAppointmentPage(r, readAppointmentForm(r.URL.Query()), nil)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.renderAppointment(w, r, http.StatusOK, p)
}
