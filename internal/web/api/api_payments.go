package api

import (
	"net/http"
	"time"

	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/web/respond"
)

type apiPayment struct {
	Provider      string    `json:"provider"`
	ProviderID    string    `json:"provider_id"`
	Status        string    `json:"status"`
	Cents         int64     `json:"amount_cents"`
	RefundedCents int64     `json:"refunded_cents"`
	Method        string    `json:"method,omitempty"`
	PaidAt        time.Time `json:"paid_at,omitzero"`
}

type apiPayments struct {
	Reference string       `json:"reference"`
	Payments  []apiPayment `json:"payments"`
}

// listRequestPayments lists the payments of a sent request.
func (h *Handler) listRequestPayments(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("reference")
	if !h.deps.Payments.Enabled() || !request.ValidReference(ref) {
		h.NotFound(w, r)
		return
	}
	h.writePayments(w, r, ref, http.StatusOK)
}

func (h *Handler) writePayments(w http.ResponseWriter, r *http.Request, ref string, status int) {
	pays, err := h.deps.Payments.OfRequest(r.Context(), ref)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := apiPayments{Reference: ref, Payments: []apiPayment{}}
	for _, p := range pays {
		out.Payments = append(out.Payments, apiPayment{Provider: p.Provider, ProviderID: p.ProviderID, Status: string(p.Status),
			Cents: p.Cents, RefundedCents: p.RefundedCents, Method: p.Method, PaidAt: p.PaidAt})
	}
	respond.JSON(w, status, out)
}

type apiRevenue struct {
	From     string                   `json:"from"`
	To       string                   `json:"to"`
	Products []payment.ProductRevenue `json:"products"`
}

// paymentRevenue is what each product brought in between from and to (both days included).
func (h *Handler) paymentRevenue(w http.ResponseWriter, r *http.Request) {
	if !h.deps.Payments.Enabled() {
		h.NotFound(w, r)
		return
	}
	p, msg := h.apiPeriod(r)
	if msg != "" {
		respond.Fail(w, http.StatusBadRequest, msg)
		return
	}
	from, _ := time.Parse(time.DateOnly, p.From)
	to, _ := time.Parse(time.DateOnly, p.To)
	list, err := h.deps.Payments.Revenue(r.Context(), from, to.AddDate(0, 0, 1))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if list == nil {
		list = []payment.ProductRevenue{}
	}
	respond.JSON(w, http.StatusOK, apiRevenue{From: p.From, To: p.To, Products: list})
}
