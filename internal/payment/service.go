package payment

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/insight"
	"loket/internal/problem"
)

// States of a payment on loket's side: the request behind it is sent once, after a confirmed payment.
const (
	StateWaiting    = "waiting"    // not yet sent (unpaid, or paid and about to be sent)
	StateSubmitting = "submitting" // claimed by one webhook call, being sent
	StateSubmitted  = "submitted"  // the request is sent: RequestRef is set
)

// Purposes of a payment: what it pays for.
const (
	PurposeRequest     = "request"     // the fee of a draft request, sent once paid (DraftHash names the draft)
	PurposeAppointment = "appointment" // a counter appointment held until paid
)

// appointmentKey starts the DraftHash of an appointment's payment, before the appointment's reference;
// a draft's hash is hexadecimal, so the two never meet.
const appointmentKey = "afspraak:"

// Payment is one attempt to pay the fee of a draft request or a counter appointment.
type Payment struct {
	ID            int64
	ReturnHash    string
	DraftHash     string
	Product       string
	ProductTitle  string
	Cents         int64
	Description   string
	Provider      string
	ProviderID    string
	CheckoutURL   string
	Status        Status
	State         string
	RequestRef    string
	Method        string
	PersonSealed  string // the logged-in person, sealed by the identity service, to link the request to
	RefundedCents int64
	CreatedAt     time.Time
	PaidAt        time.Time
}

// RefundRecord is a refund as loket keeps it.
type RefundRecord struct {
	PaymentID  int64
	ProviderID string
	Cents      int64
	Reason     string
	Actor      string
	Status     string
	CreatedAt  time.Time
}

// ProductRevenue is what one product brought in over a period.
type ProductRevenue struct {
	Product       string `json:"product"`
	Title         string `json:"title"`
	Payments      int    `json:"payments"`
	Cents         int64  `json:"amount_cents"`
	RefundedCents int64  `json:"refunded_cents"`
}

// Store is what the payment service needs from the database.
type Store interface {
	AddPayment(ctx context.Context, p *Payment) error
	SetPaymentCreated(ctx context.Context, id int64, providerID, checkoutURL string, status Status) error
	PaymentByProviderID(ctx context.Context, providerID string) (Payment, error)
	PaymentByReturnHash(ctx context.Context, hash string) (Payment, error)
	PaymentsOfRequest(ctx context.Context, reference string) ([]Payment, error)
	// SetPaymentStatus records the provider's status; paidAt is set once.
	SetPaymentStatus(ctx context.Context, id int64, s Status, method string, paidAt time.Time) error
	// ClaimPaymentSubmission moves a paid, waiting payment to submitting; false when another call has it.
	ClaimPaymentSubmission(ctx context.Context, id int64, at time.Time) (bool, error)
	FinishPaymentSubmission(ctx context.Context, id int64, reference string) error
	ReleasePaymentSubmission(ctx context.Context, id int64) error
	// TakeOverPaymentSubmission renews a claim older than staleBefore; false when it is not stale.
	TakeOverPaymentSubmission(ctx context.Context, id int64, staleBefore, at time.Time) (bool, error)
	// UnfinishedPayments lists, oldest first, the payments with a provider id created in
	// [createdAfter, createdBefore) that are waiting with a status that is not final or is paid, or are
	// submitting with a claim from before staleBefore.
	UnfinishedPayments(ctx context.Context, createdBefore, createdAfter, staleBefore time.Time, limit int) ([]Payment, error)
	AddRefund(ctx context.Context, r RefundRecord, reference string) error
	PaymentsPaidBetween(ctx context.Context, from, to time.Time) ([]Payment, error)
	RevenueByProduct(ctx context.Context, from, to time.Time) ([]ProductRevenue, error)
}

// Sender sends the request behind a claimed, paid payment. It must commit the request and move the
// payment to submitted in one transaction (request.Submission.PaymentID), so a payment is never sent twice.
type Sender interface {
	SendPaid(ctx context.Context, p Payment) error
}

// SenderFunc is a Sender as a function.
type SenderFunc func(ctx context.Context, p Payment) error

// SendPaid calls f.
func (f SenderFunc) SendPaid(ctx context.Context, p Payment) error { return f(ctx, p) }

// Service owns the payment rules: the amount from the fee, one payment per attempt, the webhook as the
// only confirmation, one submission per paid payment, retries, refunds and the finance figures.
type Service struct {
	store    Store
	provider Provider
	clock    func() time.Time
	baseURL  string
	send     Sender
}

// SendWith sets who sends the request of a paid payment (the webhook and the sweeper both use it).
func (s *Service) SendWith(send Sender) { s.send = send }

// NewService builds the service; baseURL is loket's public address (for the return and webhook URLs).
func NewService(st Store, p Provider, baseURL string, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: st, provider: p, clock: clock, baseURL: strings.TrimRight(baseURL, "/")}
}

// Enabled reports whether a provider is configured.
func (s *Service) Enabled() bool { return s != nil && s.provider != nil }

// ReturnPath is the browser's way back from the provider for a return token.
func ReturnPath(token string) string { return "/betalen/terug/" + token }

// WebhookPath is where the provider reports a change.
const WebhookPath = "/webhooks/mollie"

// Purpose says what the payment pays for: PurposeRequest or PurposeAppointment.
func (p Payment) Purpose() string {
	if strings.HasPrefix(p.DraftHash, appointmentKey) {
		return PurposeAppointment
	}
	return PurposeRequest
}

// Appointment is the reference of the appointment a payment of PurposeAppointment is for.
func (p Payment) Appointment() string { return strings.TrimPrefix(p.DraftHash, appointmentKey) }

// ReturnPathFor is the browser's way back from the provider for a payment of the purpose.
func ReturnPathFor(purpose, token string) string {
	if purpose == PurposeAppointment {
		return "/betalen/afspraak/" + token
	}
	return ReturnPath(token)
}

// Checkout is what a payment is for.
type Checkout struct {
	Purpose      string // "" is PurposeRequest
	DraftHash    string // the draft's hash, or the appointment's reference
	Product      string
	ProductTitle string
	Fee          Fee
	Values       map[string]string
	PersonSealed string
}

// Started is a payment waiting at the provider: send the browser to CheckoutURL.
type Started struct {
	CheckoutURL string
	ReturnToken string
	Cents       int64
}

// Start creates a payment for the fee of a draft and asks the provider for a checkout page.
func (s *Service) Start(ctx context.Context, c Checkout) (Started, error) {
	if !s.Enabled() {
		return Started{}, problem.New(problem.Internal, "Online betalen is nu niet mogelijk.")
	}
	cents, _ := c.Fee.Amount(c.Values)
	if cents <= 0 {
		return Started{}, problem.New(problem.Invalid, "Voor deze aanvraag hoeft u niets te betalen.")
	}
	token := randomToken()
	if c.Purpose == PurposeAppointment {
		c.DraftHash = appointmentKey + c.DraftHash
	}
	p := &Payment{ReturnHash: hashToken(token), DraftHash: c.DraftHash, Product: c.Product, ProductTitle: c.ProductTitle,
		Cents: cents, Description: truncate(c.Fee.Label+" "+c.ProductTitle, 255), Provider: s.provider.Name(), Status: StatusOpen,
		State: StateWaiting, PersonSealed: c.PersonSealed, CreatedAt: s.clock().UTC()}
	if err := s.store.AddPayment(ctx, p); err != nil {
		return Started{}, err
	}
	created, err := s.provider.CreatePayment(ctx, NewPayment{Cents: cents, Description: p.Description,
		RedirectURL: s.baseURL + ReturnPathFor(c.Purpose, token), WebhookURL: s.baseURL + WebhookPath, Reference: strconv.FormatInt(p.ID, 10)})
	if err != nil {
		return Started{}, problem.Wrap(problem.Internal, "De betaaldienst is nu niet bereikbaar. Probeer het over een paar minuten opnieuw.", err)
	}
	if err := s.store.SetPaymentCreated(ctx, p.ID, created.ID, created.CheckoutURL, created.Status); err != nil {
		return Started{}, err
	}
	return Started{CheckoutURL: created.CheckoutURL, ReturnToken: token, Cents: cents}, nil
}

// Confirmation is what a webhook call led to: a payment that this call claimed (and, with a Sender,
// sent), or nothing.
type Confirmation struct {
	Payment Payment
	Claimed bool
}

// Webhook handles the provider's call, which names only a payment id: the status is fetched from the
// provider, recorded, and a paid payment whose request is not yet sent is claimed by exactly one call,
// which sends it through the Sender (given back on failure, for the provider's retry or the sweeper).
// An unknown id is ErrNotFound; a paid amount that differs from the fee is refused.
func (s *Service) Webhook(ctx context.Context, providerID string) (Confirmation, error) {
	if !s.Enabled() || !ValidID(providerID) {
		return Confirmation{}, problem.ErrNotFound
	}
	p, err := s.store.PaymentByProviderID(ctx, providerID)
	if err != nil {
		return Confirmation{}, err
	}
	return s.settle(ctx, p, false)
}

// settle fetches a payment's real status from the provider, records it and finishes the payment once:
// a paid one is claimed and its request sent; a failed one that a crash left submitting is given back.
// takeStale lets the sweeper take over a claim older than StaleClaim.
func (s *Service) settle(ctx context.Context, p Payment, takeStale bool) (Confirmation, error) {
	remote, err := s.provider.GetPayment(ctx, p.ProviderID)
	if err != nil {
		return Confirmation{}, fmt.Errorf("fetch payment %s: %w", p.ProviderID, err)
	}
	if remote.Status == StatusPaid && remote.Cents != p.Cents {
		return Confirmation{}, fmt.Errorf("payment %s: paid %d cents, the fee is %d", p.ProviderID, remote.Cents, p.Cents)
	}
	paidAt := remote.PaidAt
	if remote.Status == StatusPaid && paidAt.IsZero() {
		paidAt = s.clock().UTC()
	}
	if err := s.store.SetPaymentStatus(ctx, p.ID, remote.Status, remote.Method, paidAt); err != nil {
		return Confirmation{}, err
	}
	p.Status, p.Method = remote.Status, remote.Method
	now := s.clock().UTC()
	stale := takeStale && p.State == StateSubmitting
	switch {
	case remote.Status.Failed() && stale:
		return Confirmation{Payment: p}, s.store.ReleasePaymentSubmission(ctx, p.ID)
	case remote.Status != StatusPaid:
		return Confirmation{Payment: p}, nil
	}
	var claimed bool
	switch {
	case p.State == StateWaiting:
		claimed, err = s.store.ClaimPaymentSubmission(ctx, p.ID, now)
	case stale:
		claimed, err = s.store.TakeOverPaymentSubmission(ctx, p.ID, now.Add(-StaleClaim), now)
	}
	if err != nil || !claimed {
		return Confirmation{Payment: p}, err
	}
	p.State = StateSubmitting
	c := Confirmation{Payment: p, Claimed: true}
	if s.send == nil {
		return c, nil
	}
	if err := s.send.SendPaid(ctx, p); err != nil {
		if errors.Is(err, ErrClaimLost) { // another call sent it meanwhile: handled once, by that call
			return Confirmation{Payment: p}, nil
		}
		if rerr := s.store.ReleasePaymentSubmission(ctx, p.ID); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return c, fmt.Errorf("send request of payment %d: %w", p.ID, err)
	}
	p.State = StateSubmitted
	c.Payment = p
	return c, nil
}

// StaleClaim is how long a claim may stay "submitting" before the sweeper takes it over: longer than
// any submission takes, so only a crashed one is taken.
const StaleClaim = 5 * time.Minute

// SweepResult counts what a sweep did.
type SweepResult struct {
	Checked, Sent, Released int
}

// Sweep finishes the payments a crash or a lost webhook left unfinished: for each payment that is not
// final at loket (status open, pending or authorized; paid but not sent; or submitting for longer than
// StaleClaim) it asks the provider for the real status and finishes the request once, as the webhook
// does. Payments started within the last minute are left to their webhook; older than a week, to people.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	if !s.Enabled() {
		return res, nil
	}
	now := s.clock().UTC()
	list, err := s.store.UnfinishedPayments(ctx, now.Add(-sweepAfter), now.Add(-sweepWithin), now.Add(-StaleClaim), 200)
	if err != nil {
		return res, err
	}
	var errs []error
	for _, p := range list {
		if ctx.Err() != nil {
			break
		}
		res.Checked++
		before := p.State
		c, err := s.settle(ctx, p, true)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		switch {
		case c.Claimed:
			res.Sent++
		case before == StateSubmitting && c.Payment.Status.Failed():
			res.Released++
		}
	}
	return res, errors.Join(errs...)
}

const (
	sweepAfter  = time.Minute        // a payment younger than this is left to its webhook
	sweepWithin = 7 * 24 * time.Hour // older than this, a person looks
)

// Submitted records the request sent for a claimed payment, for a Sender that could not send it in the
// request's transaction (its draft was gone).
func (s *Service) Submitted(ctx context.Context, id int64, reference string) error {
	return s.store.FinishPaymentSubmission(ctx, id, reference)
}

// Release gives a claimed payment back after sending its request failed, so the next webhook retries.
func (s *Service) Release(ctx context.Context, id int64) error {
	return s.store.ReleasePaymentSubmission(ctx, id)
}

// ByReturn is the payment behind a browser's return token. It only reads: a return never sends a request.
func (s *Service) ByReturn(ctx context.Context, token string) (Payment, error) {
	if len(token) != 43 {
		return Payment{}, problem.ErrNotFound
	}
	return s.store.PaymentByReturnHash(ctx, hashToken(token))
}

// Retry starts a new payment for the same draft after a failed, cancelled or expired one; the form
// and its answers stay as they were.
func (s *Service) Retry(ctx context.Context, token string, c Checkout) (Started, error) {
	p, err := s.ByReturn(ctx, token)
	if err != nil {
		return Started{}, err
	}
	if !p.Status.Failed() || p.DraftHash != c.DraftHash {
		return Started{}, problem.New(problem.Conflict, "Deze betaling loopt nog of is al gelukt. U hoeft niet opnieuw te betalen.")
	}
	c.PersonSealed = p.PersonSealed
	return s.Start(ctx, c)
}

// OfRequest lists the payments of a sent request.
func (s *Service) OfRequest(ctx context.Context, reference string) ([]Payment, error) {
	return s.store.PaymentsOfRequest(ctx, reference)
}

// RefundRequest is a case handler's refund of (part of) a request's fee.
type RefundRequest struct {
	Actor, Reference, Outcome, Reason string
	Fee                               Fee
	Cents                             int64
}

// Refund pays (part of) a request's fee back through the provider when the decision's outcome allows it
// (the product's fee rules); the refund is recorded with its reason and audited.
func (s *Service) Refund(ctx context.Context, rr RefundRequest) error {
	var f problem.Fields
	if !rr.Fee.Refundable(rr.Outcome) {
		f.Add("bedrag", "Bij dit besluit wordt het bedrag volgens de regels van dit product niet terugbetaald.")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(rr.Reason)); n < 5 || n > 500 {
		f.Add("reden", "Schrijf in 5 tot 500 tekens waarom u terugbetaalt.")
	}
	pays, err := s.store.PaymentsOfRequest(ctx, rr.Reference)
	if err != nil {
		return err
	}
	var paid *Payment
	for i := range pays {
		if pays[i].Status == StatusPaid {
			paid = &pays[i]
		}
	}
	switch {
	case paid == nil:
		f.Add("bedrag", "Voor deze aanvraag is niets betaald.")
	case rr.Cents <= 0 || rr.Cents > paid.Cents-paid.RefundedCents:
		f.Add("bedrag", "Vul een bedrag in van meer dan € 0,00 en ten hoogste "+Euro(paid.Cents-paid.RefundedCents)+".")
	}
	if err := f.Err(); err != nil {
		return err
	}
	r, err := s.provider.CreateRefund(ctx, paid.ProviderID, rr.Cents, "Terugbetaling "+rr.Reference)
	if err != nil {
		return problem.Wrap(problem.Internal, "De betaaldienst nam de terugbetaling niet aan. Probeer het later opnieuw.", err)
	}
	return s.store.AddRefund(ctx, RefundRecord{PaymentID: paid.ID, ProviderID: r.ID, Cents: rr.Cents, Reason: strings.TrimSpace(rr.Reason),
		Actor: rr.Actor, Status: r.Status, CreatedAt: s.clock().UTC()}, rr.Reference)
}

// DailyCSV writes the payments confirmed on one day (Amsterdam time) for the finance department.
func (s *Service) DailyCSV(ctx context.Context, day time.Time, w io.Writer) error {
	day = day.In(amsterdam) // the day as the municipality counts it: just after midnight there, UTC is still on yesterday
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, amsterdam)
	list, err := s.store.PaymentsPaidBetween(ctx, from, from.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write([]string{"betaald_op", "zaaknummer", "product", "omschrijving", "bedrag", "terugbetaald", "methode", "kenmerk_betaaldienst"})
	for _, p := range list {
		cw.Write([]string{p.PaidAt.In(amsterdam).Format("2006-01-02 15:04:05"), p.RequestRef, p.Product, insight.InertText(p.Description),
			Value(p.Cents), Value(p.RefundedCents), p.Method, p.ProviderID})
	}
	cw.Flush()
	return cw.Error()
}

// Revenue is what each product brought in between from and to.
func (s *Service) Revenue(ctx context.Context, from, to time.Time) ([]ProductRevenue, error) {
	return s.store.RevenueByProduct(ctx, from, to)
}

var amsterdam = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return l
}()

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// ErrClaimLost is a submission refused because another call already sent the payment's request;
// nothing of it was stored.
var ErrClaimLost = errors.New("payment: the request was already sent by another call")

// ErrNotFound is the one "does not exist" error (problem.ErrNotFound).
var ErrNotFound = problem.ErrNotFound
