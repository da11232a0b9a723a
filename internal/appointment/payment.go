package appointment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"loket/internal/payment"
)

// Payment at booking: a product may ask for its fee to be paid online when booking. Such a booking is
// held (its desk time taken, state StateAwaitingPayment) until the provider's webhook confirms the
// payment; then it is booked and the confirmation goes out. A failed, cancelled or expired payment, or a
// hold that runs out (SweepPayments), frees the time again. A cancellation before the cut-off refunds
// each product's share of its fee.

// refundOutcome is the "decision outcome" under which the payment service allows an appointment's refund.
const refundOutcome = "afgezegd"

// UsePayments lets the service take payments at booking; without it (or without a provider) a product
// that must be paid first cannot be booked online.
func (s *Service) UsePayments(p *payment.Service) { s.payments = p }

// startPayment asks the provider for a checkout page for a held booking; the payment names the
// appointment by its reference. When the provider cannot be reached the hold ends at once.
func (s *Service) startPayment(ctx context.Context, sched Schedule, a Appointment) (string, error) {
	infos, err := s.Info(ctx, sched, a.Products)
	if err != nil {
		return "", s.releaseAfter(ctx, a, err)
	}
	started, err := s.payments.Start(ctx, payment.Checkout{Purpose: payment.PurposeAppointment, DraftHash: a.Reference,
		Product: a.Products[0], ProductTitle: "afspraak " + Summary(infos, a.Persons),
		Fee: payment.Fee{Label: "Kosten", Cents: a.FeeCents, RefundOn: []string{refundOutcome}}})
	if err != nil {
		return "", s.releaseAfter(ctx, a, err)
	}
	return started.CheckoutURL, nil
}

// releaseAfter frees a held booking after cause stopped its payment, and returns cause.
func (s *Service) releaseAfter(ctx context.Context, a Appointment, cause error) error {
	if err := s.store.ReleaseHeldAppointment(ctx, a.ID, s.now()); err != nil && !errors.Is(err, ErrNotBooked) {
		return errors.Join(cause, err)
	}
	return cause
}

// PaymentReported acts on the provider's report about an appointment's payment, as the payment
// service's webhook handling returned it: a payment this call claimed is confirmed (the booking is made
// and its confirmation mailed, once), a failed, cancelled or expired one frees the held time. A payment
// that arrives after its hold ran out is paid back in full. An error leaves the claim released, so the
// provider's next call tries again.
func (s *Service) PaymentReported(ctx context.Context, c payment.Confirmation) error {
	p := c.Payment
	a, err := s.store.AppointmentByReference(ctx, p.Appointment())
	if err != nil {
		return err
	}
	switch {
	case c.Claimed:
		if err := s.confirmPaid(ctx, a, p); err != nil {
			return errors.Join(err, s.payments.Release(ctx, p.ID))
		}
		return nil
	case p.Status.Failed():
		if err := s.store.ReleaseHeldAppointment(ctx, a.ID, s.now()); err != nil && !errors.Is(err, ErrNotBooked) {
			return err
		}
	}
	return nil
}

// confirmPaid books a held appointment that was paid, or pays back one whose hold ran out.
func (s *Service) confirmPaid(ctx context.Context, a Appointment, p payment.Payment) error {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return err
	}
	if a.State == StateAwaitingPayment {
		a.State, a.PaidCents = StateBooked, p.Cents
		token, hash := newToken()
		m, err := s.confirmationMail(ctx, sched, a, token)
		if err != nil {
			return err
		}
		m.Link = Link{Hash: hash, Expires: a.End}
		err = s.store.ConfirmPaidAppointment(ctx, a.ID, p.Cents, m)
		if err == nil {
			s.record(EventBooked, a, 1, 0)
			s.record(EventWait, a, 1, a.WaitMinutes)
			return s.payments.Submitted(ctx, p.ID, a.Reference)
		}
		if !errors.Is(err, ErrNotBooked) {
			return err
		}
		if a, err = s.store.AppointmentByID(ctx, a.ID); err != nil {
			return err
		}
	}
	if a.State == StateBooked && a.PaidCents > 0 {
		return s.payments.Submitted(ctx, p.ID, a.Reference) // an earlier call booked it and did not get to record that
	}
	// Paid after the hold ran out: the time may be gone, so the money goes back (the sweeper retries
	// the refund when the provider does not take it now).
	if err := s.store.OweAppointmentRefund(ctx, a.ID, p.Cents, p.Cents); err != nil {
		return err
	}
	if err := s.payments.Submitted(ctx, p.ID, a.Reference); err != nil {
		return err
	}
	return s.refund(ctx, a, p.Cents)
}

// SweepPayments frees the held bookings whose hold ran out and retries the refunds the provider did not
// take yet; it returns how many holds it freed. Several instances may run it.
func (s *Service) SweepPayments(ctx context.Context) (int, error) {
	now := s.now()
	held, err := s.store.ExpiredHolds(ctx, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range held {
		switch err := s.store.ReleaseHeldAppointment(ctx, a.ID, now); {
		case err == nil:
			n++
		case !errors.Is(err, ErrNotBooked):
			return n, err
		}
	}
	if s.payments == nil {
		return n, nil
	}
	due, err := s.store.RefundsDue(ctx)
	if err != nil {
		return n, err
	}
	var errs []error
	for _, a := range due {
		errs = append(errs, s.refund(ctx, a, a.RefundCents))
	}
	return n, errors.Join(errs...)
}

// refund pays back part of an appointment's payment through the provider and records it.
func (s *Service) refund(ctx context.Context, a Appointment, cents int64) error {
	err := s.payments.Refund(ctx, payment.RefundRequest{Actor: "inwoner", Reference: a.Reference, Outcome: refundOutcome,
		Reason: "Afspraak afgezegd voor de uiterste tijd", Fee: payment.Fee{RefundOn: []string{refundOutcome}}, Cents: cents})
	if err != nil {
		return fmt.Errorf("refund appointment %s: %w", a.Reference, err)
	}
	return s.store.MarkAppointmentRefunded(ctx, a.ID, s.now())
}

// refundOnCancel is what a cancellation now pays back: the products' refund shares, before the cut-off.
func (s *Service) refundOnCancel(sched Schedule, a Appointment) int64 {
	if a.PaidCents <= 0 || s.now().After(a.Start.Add(-time.Duration(sched.Rules.CutoffHours)*time.Hour)) {
		return 0
	}
	return sched.Refund(a)
}

// ByReference returns an appointment by its reference, for the page a payment returns to.
func (s *Service) ByReference(ctx context.Context, reference string) (Appointment, error) {
	return s.store.AppointmentByReference(ctx, reference)
}

// SendPaid books the held appointment a claimed, paid payment is for (payment.Sender, through the app's
// paid sender): the booking is made and its confirmation mailed once, or, when its hold ran out, the
// money is paid back. An error gives the claim back for the provider's retry or the payment sweeper.
func (s *Service) SendPaid(ctx context.Context, p payment.Payment) error {
	a, err := s.store.AppointmentByReference(ctx, p.Appointment())
	if err != nil {
		return err
	}
	return s.confirmPaid(ctx, a, p)
}
