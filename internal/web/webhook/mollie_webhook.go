package webhook

import (
	"errors"
	"net/http"

	"loket/internal/payment"
	"loket/internal/problem"
)

// receiveMollieWebhook handles Mollie's report that a payment changed. The body names only the payment
// id; the payment service fetches the status from Mollie itself, so a forged call changes nothing. When
// this call is the one that claimed a newly paid payment, the service sends the request behind it now
// (the app's paid sender). Mollie retries on any answer but 2xx, so a failure answers 500.
func (h *Handler) receiveMollieWebhook(w http.ResponseWriter, r *http.Request) {
	if !h.deps.Payments.Enabled() {
		h.notFound(w, r)
		return
	}
	if !h.hooks.Allow(r) {
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	c, err := h.deps.Payments.Webhook(r.Context(), r.PostForm.Get("id"))
	if errors.Is(err, problem.ErrNotFound) {
		w.WriteHeader(http.StatusOK) // an unknown id tells the caller nothing
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if c.Payment.Purpose() == payment.PurposeAppointment && !c.Claimed && h.deps.Appointments != nil {
		// Appointments: a failed, cancelled or expired payment frees the held time (a paid one was
		// booked by the payment service's sender).
		if err := h.deps.Appointments.PaymentReported(r.Context(), c); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}
