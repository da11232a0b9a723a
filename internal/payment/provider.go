package payment

import (
	"context"
	"time"
)

// Status is a payment's status at the provider (Mollie's names; a second provider maps onto them).
type Status string

// Payment statuses.
const (
	StatusOpen       Status = "open"
	StatusPending    Status = "pending"
	StatusAuthorized Status = "authorized"
	StatusPaid       Status = "paid"
	StatusCanceled   Status = "canceled"
	StatusExpired    Status = "expired"
	StatusFailed     Status = "failed"
)

// Final reports whether the payment will not change any more without a new attempt.
func (s Status) Final() bool {
	return s == StatusPaid || s == StatusCanceled || s == StatusExpired || s == StatusFailed
}

// Failed reports whether the resident must try again.
func (s Status) Failed() bool { return s == StatusCanceled || s == StatusExpired || s == StatusFailed }

// NewPayment is what loket asks the provider to collect.
type NewPayment struct {
	Cents       int64
	Description string
	RedirectURL string // the browser's return
	WebhookURL  string // where the provider reports a change
	Reference   string // loket's own id, kept as metadata
}

// Created is a payment the provider made: its id and the checkout page to send the browser to.
type Created struct {
	ID          string
	CheckoutURL string
	Status      Status
}

// Remote is a payment as the provider reports it when fetched.
type Remote struct {
	ID            string
	Status        Status
	Cents         int64
	RefundedCents int64
	Method        string
	PaidAt        time.Time
}

// Refund is a refund the provider accepted.
type Refund struct {
	ID     string
	Status string
}

// Provider is a payment service provider. Mollie is the first; Worldline or Buckaroo can implement it too.
type Provider interface {
	Name() string
	CreatePayment(ctx context.Context, p NewPayment) (Created, error)
	GetPayment(ctx context.Context, id string) (Remote, error)
	CreateRefund(ctx context.Context, paymentID string, cents int64, description string) (Refund, error)
}
