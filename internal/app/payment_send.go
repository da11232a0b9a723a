package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"loket/internal/appointment"
	"loket/internal/identity"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/store"
)

// paidSender sends what a claimed, paid payment pays for: the request behind its draft, with its
// confirmation mail, the link to the person who was logged in when paying and the payment's move to
// submitted, all in one transaction; or the counter appointment held for it. The payment webhook and the
// payment sweeper both send through it.
type paidSender struct {
	store        *store.Store
	requests     *request.Service
	appointments *appointment.Service
	links        *identity.Links // nil: resident login is off
	log          *slog.Logger
}

// SendPaid implements payment.Sender. A draft that is gone (expired) cannot be sent: the payment is
// recorded as submitted without a reference, and the error says so for the log.
func (ps paidSender) SendPaid(ctx context.Context, p payment.Payment) error {
	if p.Purpose() == payment.PurposeAppointment {
		return ps.appointments.SendPaid(ctx, p)
	}
	d, err := ps.store.Draft(ctx, p.DraftHash)
	if errors.Is(err, store.ErrNotFound) {
		if ferr := ps.store.FinishPaymentSubmission(ctx, p.ID, ""); ferr != nil {
			return ferr
		}
		return fmt.Errorf("paid payment %d: its draft is gone; a person must contact the payer", p.ID)
	}
	if err != nil {
		return err
	}
	a, err := ps.store.Article(ctx, d.Product)
	if err != nil {
		return err
	}
	f, err := ps.store.RequestForm(ctx, d.Product)
	if err != nil {
		return err
	}
	snd := request.Sending{DraftHash: d.TokenHash, PaymentID: p.ID}
	if ps.links != nil && p.PersonSealed != "" {
		snd.Owner = func(token string) (*request.OwnerLink, error) {
			owner, err := ps.links.SealedOwnerLink(p.PersonSealed, token)
			if err != nil { // a person that cannot be opened (another key) must not hold a paid request back
				ps.log.Error("paid request sent without its person link", "payment", p.ID, "err", err)
				return nil, nil
			}
			return owner, nil
		}
	}
	_, _, errs, err := ps.requests.SubmitForArticle(ctx, a, f, d.Values, snd)
	if err != nil {
		return err
	}
	if len(errs) > 0 { // the form changed between paying and now: the payment stays for a person to look at
		return fmt.Errorf("paid draft of payment %d no longer passes its form (%d fields)", p.ID, len(errs))
	}
	return nil
}
