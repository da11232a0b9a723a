package shared

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"loket/internal/identity"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/store"
)

// PaidSender sends the draft behind a paid payment as a request, with its confirmation mail, the link to
// the person who was logged in when paying, and the payment's move to submitted, all in one transaction.
// The payment webhook and the payment sweeper both send through it.
type PaidSender struct {
	Store    *store.Store
	Requests *request.Service
	Links    *identity.Links // nil: resident login is off
	BaseURL  string
	Log      *slog.Logger
}

// SendPaid implements payment.Sender. A draft that is gone (expired) cannot be sent: the payment is
// recorded as submitted without a reference, and the error says so for the log.
func (ps PaidSender) SendPaid(ctx context.Context, p payment.Payment) error {
	d, err := ps.Store.Draft(ctx, p.DraftHash)
	if errors.Is(err, store.ErrNotFound) {
		if ferr := ps.Store.FinishPaymentSubmission(ctx, p.ID, ""); ferr != nil {
			return ferr
		}
		return fmt.Errorf("paid payment %d: its draft is gone; a person must contact the payer", p.ID)
	}
	if err != nil {
		return err
	}
	a, err := ps.Store.Article(ctx, d.Product)
	if err != nil {
		return err
	}
	f, err := ps.Store.RequestForm(ctx, d.Product)
	if err != nil {
		return err
	}
	s := Sending{DraftHash: d.TokenHash, PaymentID: p.ID}
	if ps.Links != nil && p.PersonSealed != "" {
		s.Owner = func(token string) (*request.OwnerLink, error) {
			owner, err := ps.Links.SealedOwnerLink(p.PersonSealed, token)
			if err != nil { // a person that cannot be opened (another key) must not hold a paid request back
				ps.Log.Error("paid request sent without its person link", "payment", p.ID, "err", err)
				return nil, nil
			}
			return owner, nil
		}
	}
	_, _, errs, err := SubmitWith(ctx, ps.Requests, ps.BaseURL, a, f, d.Values, s)
	if err != nil {
		return err
	}
	if len(errs) > 0 { // the form changed between paying and now: the payment stays for a person to look at
		return fmt.Errorf("paid draft of payment %d no longer passes its form (%d fields)", p.ID, len(errs))
	}
	return nil
}
