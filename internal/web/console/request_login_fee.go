package console

import (
	"errors"
	"net/http"

	"loket/internal/identity"
	"loket/internal/payment"
	"loket/internal/problem"
	"loket/internal/request"
)

// loginAndFee is what the case page shows of a request made while logged in (the BSN masked unless
// revealed with a reason) and of its payments, with the refund form.
type loginAndFee struct {
	Reference   string
	Identity    *identity.StaffView
	RevealedBSN string
	Payments    []payment.Payment
	CanRefund   bool
	Errors      map[string]string
	Input       map[string]string
}

func (h *Handler) loginAndFee(r *http.Request, req request.Request, errs, input map[string]string) (*loginAndFee, error) {
	l := &loginAndFee{Reference: req.Reference, Errors: errs, Input: input, RevealedBSN: input[revealedBSNKey]}
	if h.deps.IdentityLinks != nil {
		v, err := h.deps.IdentityLinks.ForStaff(r.Context(), req.ID)
		switch {
		case err == nil:
			l.Identity = &v
		case !errors.Is(err, problem.ErrNotFound):
			return nil, err
		}
	}
	if h.deps.Payments.Enabled() {
		pays, err := h.deps.Payments.OfRequest(r.Context(), req.Reference)
		if err != nil {
			return nil, err
		}
		l.Payments = pays
		for _, p := range pays {
			l.CanRefund = l.CanRefund || (p.Status == payment.StatusPaid && p.RefundedCents < p.Cents && req.Status == request.StatusDecided)
		}
	}
	if l.Identity == nil && l.Payments == nil {
		return nil, nil
	}
	return l, nil
}
