package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"loket/internal/payment"
	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

type apiRefundBody struct {
	AmountCents int64  `json:"amount_cents"`
	Reason      string `json:"reason"`
}

// refundRequestAPI is POST /api/v1/requests/{reference}/refunds with {"amount_cents", "reason"}.
func (h *Handler) refundRequestAPI(w http.ResponseWriter, r *http.Request) {
	req, ok := h.decidedRequestWithFee(w, r)
	if !ok {
		return
	}
	var body apiRefundBody
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be a JSON object {"amount_cents": 2000, "reason": "..."}`)
		return
	}
	f, err := h.deps.Store.RequestForm(r.Context(), req.Product)
	if err != nil || f.Fee == nil || req.Status != request.StatusDecided {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "a refund needs a decided request of a product with a fee",
			Fields: map[string]string{"amount_cents": "Terugbetalen kan pas na het besluit, en alleen bij een product met kosten."}})
		return
	}
	st := staffauth.Staff(r)
	err = h.deps.Payments.Refund(r.Context(), payment.RefundRequest{Actor: st.Email, Reference: req.Reference, Outcome: req.Outcome,
		Reason: body.Reason, Fee: *f.Fee, Cents: body.AmountCents})
	if problem.KindOf(err) == problem.Invalid {
		fields := map[string]string{}
		for k, v := range problem.FieldsOf(err) {
			fields[map[string]string{"bedrag": "amount_cents", "reden": "reason"}[k]] = v
		}
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not right", Fields: fields})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/requests/"+req.Reference+"/payments")
	h.writePayments(w, r, req.Reference, http.StatusCreated)
}

// decidedRequestWithFee loads the request in the path when payments are on; it answers 404 itself.
func (h *Handler) decidedRequestWithFee(w http.ResponseWriter, r *http.Request) (request.Request, bool) {
	ref := r.PathValue("reference")
	if !h.deps.Payments.Enabled() || !request.ValidReference(ref) {
		h.NotFound(w, r)
		return request.Request{}, false
	}
	req, err := h.deps.Store.Request(r.Context(), ref)
	if errors.Is(err, store.ErrNotFound) {
		h.NotFound(w, r)
		return req, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return req, false
	}
	return req, true
}
