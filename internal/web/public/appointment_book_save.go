package public

import (
	"net/http"

	"loket/internal/appointment"
	"loket/internal/payment"
)

// saveAppointmentBooking books after the resident confirmed the summary, then shows the appointment's
// own page behind the change link; the confirmation mail with the calendar file is queued in the same
// transaction.
func (h *Handler) saveAppointmentBooking(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	if !h.limits.Allow(r) {
		h.render(w, r, http.StatusTooManyRequests, "error", renderTooMany(h.settings().Contact.Phone))
		return
	}
	f := readAppointmentForm(r.PostForm)
	booked, err := h.deps.Appointments.Book(r.Context(), f.booking(appointment.SourceWeb))
	if err != nil && booked.ID != 0 { // held, but the payment could not start: the time is free again
		h.paymentProblem(w, r, err)
		return
	}
	if err != nil {
		h.appointmentProblem(w, r, f, err)
		return
	}
	if err := h.linkAppointmentToPerson(r, booked.ID, booked.Token); err != nil {
		h.deps.Log.Error("link appointment to person", "err", err)
	}
	if booked.CheckoutURL != "" { // paid at booking: the provider's page, then /betalen/afspraak/{token}
		h.renderCheckout(w, r, payment.Started{CheckoutURL: booked.CheckoutURL, Cents: booked.FeeCents})
		return
	}
	http.Redirect(w, r, "/afspraak/"+booked.Token+"?gemaakt=1", http.StatusSeeOther)
}
