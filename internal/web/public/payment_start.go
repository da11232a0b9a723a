package public

import (
	"net/http"

	"loket/internal/kb"
	"loket/internal/payment"
	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
)

// feeView is the amount of a request and its lines, as the summary shows it before sending.
type feeView struct {
	Cents int64
	Lines []payment.Line
}

func feeOf(f request.Form, v request.Values) *feeView {
	if f.Fee == nil {
		return nil
	}
	cents, lines := f.Fee.Amount(v)
	if cents <= 0 {
		return nil
	}
	return &feeView{Cents: cents, Lines: lines}
}

// paymentRedirectPage sends the browser on to the provider's checkout page.
type paymentRedirectPage struct {
	CheckoutURL string
	Cents       int64
}

// startPayment starts paying the fee of a checked draft instead of sending it: the request is sent when
// the provider's webhook confirms the payment. The page's form-action policy keeps a form from going to
// the provider, so a page with a link (followed by itself) takes the browser there.
func (h *Handler) startPayment(w http.ResponseWriter, r *http.Request, d store.Draft, a kb.Article, f request.Form, v request.Values) {
	c := payment.Checkout{DraftHash: d.TokenHash, Product: a.ID, ProductTitle: a.Title, Fee: *f.Fee, Values: v}
	if s, ok := h.resident(r); ok && h.deps.IdentityLinks != nil {
		sealed, err := h.deps.IdentityLinks.SealPerson(s.Person)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		c.PersonSealed = sealed
	}
	started, err := h.deps.Payments.Start(r.Context(), c)
	if err != nil {
		h.paymentProblem(w, r, err)
		return
	}
	h.renderCheckout(w, r, started)
}

func (h *Handler) renderCheckout(w http.ResponseWriter, r *http.Request, started payment.Started) {
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, http.StatusOK, "payment_redirect", renderPage("Betalen", paymentRedirectPage{CheckoutURL: started.CheckoutURL, Cents: started.Cents}))
}

// paymentProblem shows why paying cannot start now; the draft and its answers stay.
func (h *Handler) paymentProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusServiceUnavailable
	if problem.KindOf(err) == problem.Internal {
		h.deps.Log.Error("payment", "err", err)
	} else {
		status = http.StatusConflict
	}
	msg := problem.MessageOf(err)
	if problem.KindOf(err) == problem.Internal {
		msg = "Online betalen lukt nu niet. Uw antwoorden zijn bewaard. Probeer het over een paar minuten opnieuw."
	}
	h.render(w, r, status, "error", renderPage("Betalen lukt niet", render.ErrorPage{Heading: "Betalen lukt nu niet", Message: msg}))
}
