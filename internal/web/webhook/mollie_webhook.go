package webhook

import (
	"errors"
	"fmt"
	"net/http"

	"loket/internal/auth"
	"loket/internal/payment"
	"loket/internal/problem"
	"loket/internal/store"
)

// receiveMollieWebhook handles Mollie's report that a payment changed. The body names only the payment
// id; the payment service fetches the status from Mollie itself, so a forged call changes nothing. When
// this call is the one that claimed a newly paid payment, the request behind it is sent now. Mollie
// retries on any answer but 2xx, so a failure to send answers 500.
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
	if c.Payment.Purpose() == payment.PurposeAppointment && h.deps.Appointments != nil {
		// Appointments: a claimed payment books the held time, a failed one frees it.
		if err := h.deps.Appointments.PaymentReported(r.Context(), c); err != nil {
			h.serverError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	if c.Claimed {
		if err := h.sendPaidRequest(r, c.Payment); err != nil {
			if rerr := h.deps.Payments.Release(r.Context(), c.Payment.ID); rerr != nil {
				err = errors.Join(err, rerr)
			}
			h.serverError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

// sendPaidRequest sends the draft behind a paid payment as a request (with its confirmation mail), links
// it to the person who was logged in, and records the reference on the payment. A draft that is gone was
// sent already by an earlier call that did not get to record it.
func (h *Handler) sendPaidRequest(r *http.Request, p payment.Payment) error {
	ctx := r.Context()
	d, err := h.deps.Store.Draft(ctx, p.DraftHash)
	if errors.Is(err, store.ErrNotFound) {
		return h.deps.Payments.Submitted(ctx, p.ID, "")
	}
	if err != nil {
		return err
	}
	a, err := h.deps.Store.Article(ctx, d.Product)
	if err != nil {
		return err
	}
	f, err := h.deps.Store.RequestForm(ctx, d.Product)
	if err != nil {
		return err
	}
	token, _, errs, err := h.deps.Requests.SubmitForArticle(ctx, a, f, d.Values, d.TokenHash, nil)
	if err != nil {
		return err
	}
	if len(errs) > 0 { // the form changed between paying and now: keep the payment claimed for a person to look at
		return fmt.Errorf("paid draft of payment %d no longer passes its form (%d fields)", p.ID, len(errs))
	}
	req, err := h.deps.Store.RequestByToken(ctx, auth.HashSecret(token))
	if err != nil {
		return err
	}
	if h.deps.IdentityLinks != nil {
		if err := h.deps.IdentityLinks.LinkSealed(ctx, req.ID, p.PersonSealed, token); err != nil {
			h.deps.Log.Error("link paid request to person", "request", req.Reference, "err", err)
		}
	}
	return h.deps.Payments.Submitted(ctx, p.ID, req.Reference)
}
