package public

import (
	"errors"
	"net/http"

	"loket/internal/payment"
	"loket/internal/problem"
)

// paymentReturnPage tells the resident where their payment and request stand.
type paymentReturnPage struct {
	Token     string
	Payment   payment.Payment
	Sent      bool // the request is sent
	Waiting   bool // paid or pending, not yet confirmed to loket
	Failed    bool
	LoggedIn  bool
	Reference string
}

// showPaymentReturn is where the provider sends the browser back. It only reads: the request is sent by
// the webhook, never by this return, so a page that is still waiting refreshes itself.
func (h *Handler) showPaymentReturn(w http.ResponseWriter, r *http.Request) {
	p, err := h.deps.Payments.ByReturn(r.Context(), r.PathValue("token"))
	if errors.Is(err, problem.ErrNotFound) || !h.deps.Payments.Enabled() {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	_, loggedIn := h.resident(r)
	page := paymentReturnPage{Token: r.PathValue("token"), Payment: p, Sent: p.State == payment.StateSubmitted,
		Failed: p.Status.Failed(), LoggedIn: loggedIn, Reference: p.RequestRef}
	page.Waiting = !page.Sent && !page.Failed
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if page.Waiting {
		w.Header().Set("Refresh", "3")
	}
	title := "Uw betaling"
	switch {
	case page.Sent:
		title = "Betaald en verstuurd"
	case page.Failed:
		title = "Betaling niet gelukt"
	}
	h.render(w, r, http.StatusOK, "payment_return", renderPage(title, page))
}

// retryPayment starts a new payment for the same draft after a failed, cancelled or expired one.
func (h *Handler) retryPayment(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 1<<10) {
		return
	}
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	token := r.PathValue("token")
	p, err := h.deps.Payments.ByReturn(r.Context(), token)
	if errors.Is(err, problem.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d, err := h.deps.Store.Draft(r.Context(), p.DraftHash)
	if err != nil {
		h.paymentProblem(w, r, problem.New(problem.Conflict, "Deze aanvraag is al verstuurd. U hoeft niet opnieuw te betalen."))
		return
	}
	a, f, ok := h.productWithForm(w, r, d.Product)
	if !ok {
		return
	}
	if f.Fee == nil {
		h.paymentProblem(w, r, problem.New(problem.Conflict, "Voor deze aanvraag hoeft u niet meer te betalen. Ga terug naar uw aanvraag om hem te versturen."))
		return
	}
	clean, _ := f.Validate(d.Values, h.now())
	started, err := h.deps.Payments.Retry(r.Context(), token, payment.Checkout{DraftHash: d.TokenHash, Product: a.ID,
		ProductTitle: a.Title, Fee: *f.Fee, Values: clean})
	if err != nil {
		h.paymentProblem(w, r, err)
		return
	}
	h.renderCheckout(w, r, started)
}
