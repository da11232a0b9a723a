package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/payment"
)

const paymentColumns = `id, return_hash, draft_hash, product_id, product_title, cents, description, provider,
	COALESCE(provider_id, ''), checkout_url, status, state, request_ref, method, person_sealed, refunded_cents, created_at, paid_at`

func scanPayment(row scanner) (payment.Payment, error) {
	var p payment.Payment
	var status string
	var paid sql.NullTime
	err := row.Scan(&p.ID, &p.ReturnHash, &p.DraftHash, &p.Product, &p.ProductTitle, &p.Cents, &p.Description, &p.Provider,
		&p.ProviderID, &p.CheckoutURL, &status, &p.State, &p.RequestRef, &p.Method, &p.PersonSealed, &p.RefundedCents, &p.CreatedAt, &paid)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errProblemNotFound
	}
	if err != nil {
		return p, fmt.Errorf("read payment: %w", err)
	}
	p.Status, p.PaidAt = payment.Status(status), paid.Time
	return p, nil
}

// AddPayment stores a new payment attempt and sets its id.
func (s *Store) AddPayment(ctx context.Context, p *payment.Payment) error {
	t := p.CreatedAt.UTC()
	err := s.QueryRow(ctx, `INSERT INTO payments (return_hash, draft_hash, product_id, product_title, cents, description, provider,
		status, state, person_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.ReturnHash, p.DraftHash, p.Product, p.ProductTitle, p.Cents, p.Description, p.Provider, string(p.Status), p.State,
		p.PersonSealed, t, t).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("add payment: %w", err)
	}
	return nil
}

// SetPaymentCreated records the provider's id and checkout page of a payment.
func (s *Store) SetPaymentCreated(ctx context.Context, id int64, providerID, checkoutURL string, status payment.Status) error {
	_, err := s.Exec(ctx, `UPDATE payments SET provider_id = ?, checkout_url = ?, status = ?, updated_at = ? WHERE id = ?`,
		providerID, checkoutURL, string(status), s.now(), id)
	if err != nil {
		return fmt.Errorf("record created payment: %w", err)
	}
	return nil
}

// PaymentByProviderID finds a payment by the provider's id.
func (s *Store) PaymentByProviderID(ctx context.Context, providerID string) (payment.Payment, error) {
	return scanPayment(s.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE provider_id = ?`, providerID))
}

// PaymentByReturnHash finds a payment by the hash of its return token.
func (s *Store) PaymentByReturnHash(ctx context.Context, hash string) (payment.Payment, error) {
	return scanPayment(s.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE return_hash = ?`, hash))
}

// PaymentsOfRequest lists the payments of a sent request, oldest first.
func (s *Store) PaymentsOfRequest(ctx context.Context, reference string) ([]payment.Payment, error) {
	rows, err := s.Query(ctx, `SELECT `+paymentColumns+` FROM payments WHERE request_ref = ? ORDER BY id`, reference)
	if err != nil {
		return nil, fmt.Errorf("list payments of request: %w", err)
	}
	return scanAll(rows, scanPayment)
}

// SetPaymentStatus records the provider's status; the moment of payment is kept from the first report.
func (s *Store) SetPaymentStatus(ctx context.Context, id int64, st payment.Status, method string, paidAt time.Time) error {
	var paid any
	if !paidAt.IsZero() {
		paid = paidAt.UTC()
	}
	_, err := s.Exec(ctx, `UPDATE payments SET status = ?, method = ?, paid_at = COALESCE(paid_at, ?), updated_at = ? WHERE id = ?`,
		string(st), method, paid, s.now(), id)
	if err != nil {
		return fmt.Errorf("set payment status: %w", err)
	}
	return nil
}

// ClaimPaymentSubmission moves a paid, waiting payment to submitting in one statement: of two calls at
// the same time, one gets true.
func (s *Store) ClaimPaymentSubmission(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := s.Exec(ctx, `UPDATE payments SET state = ?, claimed_at = ?, updated_at = ? WHERE id = ? AND state = ? AND status = ?`,
		payment.StateSubmitting, at.UTC(), s.now(), id, payment.StateWaiting, string(payment.StatusPaid))
	if err != nil {
		return false, fmt.Errorf("claim payment: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishPaymentSubmission records the request sent for a claimed payment.
func (s *Store) FinishPaymentSubmission(ctx context.Context, id int64, reference string) error {
	_, err := s.Exec(ctx, `UPDATE payments SET state = ?, request_ref = ?, updated_at = ? WHERE id = ? AND state = ?`,
		payment.StateSubmitted, reference, s.now(), id, payment.StateSubmitting)
	if err != nil {
		return fmt.Errorf("finish payment submission: %w", err)
	}
	return nil
}

// ReleasePaymentSubmission gives a claim back.
func (s *Store) ReleasePaymentSubmission(ctx context.Context, id int64) error {
	_, err := s.Exec(ctx, `UPDATE payments SET state = ?, claimed_at = NULL, updated_at = ? WHERE id = ? AND state = ?`,
		payment.StateWaiting, s.now(), id, payment.StateSubmitting)
	if err != nil {
		return fmt.Errorf("release payment: %w", err)
	}
	return nil
}

// TakeOverPaymentSubmission renews a claim made before staleBefore (its holder crashed) in one
// statement: of two sweepers at the same time, one gets true.
func (s *Store) TakeOverPaymentSubmission(ctx context.Context, id int64, staleBefore, at time.Time) (bool, error) {
	res, err := s.Exec(ctx, `UPDATE payments SET claimed_at = ?, updated_at = ? WHERE id = ? AND state = ? AND status = ? AND claimed_at < ?`,
		at.UTC(), s.now(), id, payment.StateSubmitting, string(payment.StatusPaid), staleBefore.UTC())
	if err != nil {
		return false, fmt.Errorf("take over payment claim: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UnfinishedPayments lists the payments a crash or a lost webhook may have left unfinished, oldest first:
// created in [createdAfter, createdBefore) with a provider id, and waiting with a status that is not final
// (or paid), or submitting with a claim from before staleBefore.
func (s *Store) UnfinishedPayments(ctx context.Context, createdBefore, createdAfter, staleBefore time.Time, limit int) ([]payment.Payment, error) {
	rows, err := s.Query(ctx, `SELECT `+paymentColumns+` FROM payments
		WHERE provider_id IS NOT NULL AND created_at < ? AND created_at >= ?
		AND ((state = ? AND status IN (?, ?, ?, ?)) OR (state = ? AND claimed_at < ?))
		ORDER BY created_at, id LIMIT ?`,
		createdBefore.UTC(), createdAfter.UTC(),
		payment.StateWaiting, string(payment.StatusOpen), string(payment.StatusPending), string(payment.StatusAuthorized), string(payment.StatusPaid),
		payment.StateSubmitting, staleBefore.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("list unfinished payments: %w", err)
	}
	return scanAll(rows, scanPayment)
}

// AddRefund records a refund, adds it to its payment and writes the audit entry, in one transaction.
func (s *Store) AddRefund(ctx context.Context, r payment.RefundRecord, reference string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO payment_refunds (payment_id, provider_id, cents, reason, actor, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.PaymentID, r.ProviderID, r.Cents, r.Reason, r.Actor, r.Status, r.CreatedAt.UTC()); err != nil {
			return fmt.Errorf("add refund: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE payments SET refunded_cents = refunded_cents + ?, updated_at = ? WHERE id = ?`,
			r.Cents, s.now(), r.PaymentID); err != nil {
			return fmt.Errorf("add refund to payment: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			r.CreatedAt.UTC(), r.Actor, "refund", "request", reference, fmt.Sprintf("%s: %s", payment.Value(r.Cents), r.Reason))
		if err != nil {
			return fmt.Errorf("audit refund: %w", err)
		}
		return nil
	})
}

// PaymentsPaidBetween lists the payments confirmed in [from, to), in the order they were paid.
func (s *Store) PaymentsPaidBetween(ctx context.Context, from, to time.Time) ([]payment.Payment, error) {
	rows, err := s.Query(ctx, `SELECT `+paymentColumns+` FROM payments WHERE status = ? AND paid_at >= ? AND paid_at < ? ORDER BY paid_at, id`,
		string(payment.StatusPaid), from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("list paid payments: %w", err)
	}
	return scanAll(rows, scanPayment)
}

// RevenueByProduct sums the payments confirmed in [from, to) per product, the largest first.
func (s *Store) RevenueByProduct(ctx context.Context, from, to time.Time) ([]payment.ProductRevenue, error) {
	rows, err := s.Query(ctx, `SELECT product_id, MAX(product_title), COUNT(*), SUM(cents), SUM(refunded_cents) FROM payments
		WHERE status = ? AND paid_at >= ? AND paid_at < ? GROUP BY product_id ORDER BY SUM(cents) DESC, product_id`,
		string(payment.StatusPaid), from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("revenue by product: %w", err)
	}
	return scanAll(rows, func(r scanner) (payment.ProductRevenue, error) {
		var pr payment.ProductRevenue
		return pr, r.Scan(&pr.Product, &pr.Title, &pr.Payments, &pr.Cents, &pr.RefundedCents)
	})
}
