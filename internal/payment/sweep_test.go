package payment_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// sender sends the request of a paid payment the way loket's does: one store transaction that commits a
// request and moves the payment to submitted (request.Submission.PaymentID). during, when set, runs
// inside the send, before the commit: a webhook or a sweep arriving at that moment.
type sender struct {
	st     *store.Store
	mu     sync.Mutex
	calls  int
	during func()
}

var sweepForm = request.Form{Product: "parkeervergunning", Kind: request.KindApplication, Title: "Parkeervergunning",
	Steps: []request.Step{{Title: "S", Fields: []request.Field{{Name: "email", Label: "E-mail", Type: request.TypeEmail, Purpose: request.PurposeEmail}}}}}

func (s *sender) SendPaid(ctx context.Context, p payment.Payment) error {
	s.mu.Lock()
	s.calls++
	during := s.during
	s.during = nil
	s.mu.Unlock()
	if during != nil {
		during()
	}
	r, err := request.New(sweepForm, request.Product{ID: p.Product, Title: p.ProductTitle, DeadlineDays: 56},
		request.Values{"email": "jan@example.nl"}, time.Now())
	if err != nil {
		return err
	}
	return s.st.SubmitRequest(ctx, store.Submission{Request: &r, TokenHash: auth.HashSecret(request.NewToken()), ReferencePrefix: "VB", PaymentID: p.ID})
}

// sweepShop is a shop whose service sends through a sender, on a clock the test moves; the provider holds
// its webhooks back until the test delivers them (or never: a lost webhook).
func sweepShop(t *testing.T, st *store.Store) (*shop, *sender, *storetest.Clock) {
	c := storetest.NewClock(time.Now().UTC())
	s := newShopAt(t, st, c.Now)
	s.viaSender = true
	s.mollie.ReturnBeforeWebhook = true
	snd := &sender{st: st}
	s.svc.SendWith(snd)
	return s, snd, c
}

func requests(t *testing.T, st *store.Store) []request.Request {
	t.Helper()
	q, err := st.RequestQueue(context.Background(), store.QueueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestSweeperSendsAPaymentWhoseWebhookWasLost: Mollie's webhook never comes; a minute after the payment
// started the sweeper asks Mollie (GET /v2/payments/{id}), finds it paid and sends the request, once.
// The webhook that finally arrives changes nothing.
func TestSweeperSendsAPaymentWhoseWebhookWasLost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s, snd, c := sweepShop(t, st)
		ctx := context.Background()
		started, err := s.svc.Start(ctx, s.checkout("draft-lost"))
		if err != nil {
			t.Fatal(err)
		}
		pay(t, started.CheckoutURL, "paid")
		c.Add(30 * time.Second)
		if res, err := s.svc.Sweep(ctx); err != nil || res.Checked != 0 {
			t.Fatalf("sweep after 30 s: %+v %v, want the payment left to its webhook", res, err)
		}
		c.Add(31 * time.Second)
		res, err := s.svc.Sweep(ctx)
		if err != nil || res.Checked != 1 || res.Sent != 1 {
			t.Fatalf("sweep after 61 s: %+v %v, want 1 checked and sent", res, err)
		}
		q := requests(t, st)
		p, _ := s.svc.ByReturn(ctx, started.ReturnToken)
		if len(q) != 1 || p.Status != payment.StatusPaid || p.State != payment.StateSubmitted || p.RequestRef != q[0].Reference {
			t.Fatalf("after the sweep: %d requests, payment %+v", len(q), p)
		}
		if res, err := s.svc.Sweep(ctx); err != nil || res.Checked != 0 {
			t.Errorf("second sweep: %+v %v, want nothing left", res, err)
		}
		s.mollie.DeliverWebhooks()
		if n := len(requests(t, st)); n != 1 || snd.calls != 1 || s.hookErr != nil {
			t.Errorf("late webhook: %d requests, %d sends, %v; want 1 and 1", n, snd.calls, s.hookErr)
		}
	})
}

// TestSweeperTakesOverAClaimACrashLeft: the webhook claimed the paid payment and the process died before
// the request was sent (state submitting). Within StaleClaim (5 minutes) the sweeper leaves it; after, it
// takes the claim over and sends the request once.
func TestSweeperTakesOverAClaimACrashLeft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s, snd, c := sweepShop(t, st)
		ctx := context.Background()
		started, _ := s.svc.Start(ctx, s.checkout("draft-crash"))
		pay(t, started.CheckoutURL, "paid")
		s.svc.SendWith(nil) // the webhook's process claims, then dies before sending
		s.mollie.DeliverWebhooks()
		p, _ := s.svc.ByReturn(ctx, started.ReturnToken)
		if p.State != payment.StateSubmitting {
			t.Fatalf("after the crash: %+v, want submitting", p)
		}
		s.svc.SendWith(snd)
		c.Add(4 * time.Minute)
		if res, err := s.svc.Sweep(ctx); err != nil || res.Checked != 0 || snd.calls != 0 {
			t.Fatalf("sweep 4 minutes after the claim: %+v %v, want the claim left alone", res, err)
		}
		c.Add(90 * time.Second)
		res, err := s.svc.Sweep(ctx)
		if err != nil || res.Sent != 1 || len(requests(t, st)) != 1 {
			t.Fatalf("sweep 5.5 minutes after the claim: %+v %v, %d requests", res, err, len(requests(t, st)))
		}
		if p, _ := s.svc.ByReturn(ctx, started.ReturnToken); p.State != payment.StateSubmitted {
			t.Errorf("payment after the sweep: %+v", p)
		}
	})
}

// TestWebhookDuringTheSweepIsHandledOnce: the webhook arrives while the sweeper is sending the same
// payment's request; the sweeper holds the claim, so the webhook sends nothing and answers 200.
func TestWebhookDuringTheSweepIsHandledOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s, snd, c := sweepShop(t, st)
		ctx := context.Background()
		started, _ := s.svc.Start(ctx, s.checkout("draft-race"))
		pay(t, started.CheckoutURL, "paid")
		snd.during = s.mollie.DeliverWebhooks
		c.Add(2 * time.Minute)
		res, err := s.svc.Sweep(ctx)
		if err != nil || res.Sent != 1 {
			t.Fatalf("sweep: %+v %v", res, err)
		}
		if n := len(requests(t, st)); n != 1 || snd.calls != 1 || s.mollie.Webhooks != 1 || s.hookErr != nil {
			t.Fatalf("%d requests after %d sends and %d webhook calls (%v), want 1, 1, 1", n, snd.calls, s.mollie.Webhooks, s.hookErr)
		}
	})
}

// TestSlowWebhookAndSweeperSendOnce: the webhook's send is slow, not dead: past StaleClaim the sweeper
// takes over and sends; when the slow send commits, the payment is no longer submitting, so its
// transaction is refused (payment.ErrClaimLost) and there is still one request.
func TestSlowWebhookAndSweeperSendOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s, snd, c := sweepShop(t, st)
		ctx := context.Background()
		started, _ := s.svc.Start(ctx, s.checkout("draft-slow"))
		pay(t, started.CheckoutURL, "paid")
		var swept payment.SweepResult
		var sweepErr error
		snd.during = func() { // inside the webhook's send
			c.Add(6 * time.Minute)
			swept, sweepErr = s.svc.Sweep(ctx)
		}
		s.mollie.DeliverWebhooks()
		if sweepErr != nil || swept.Sent != 1 {
			t.Fatalf("sweep during the slow send: %+v %v", swept, sweepErr)
		}
		if n := len(requests(t, st)); n != 1 || snd.calls != 2 || s.hookErr != nil {
			t.Fatalf("%d requests after %d sends (%v), want 1 request from 2 attempts and the webhook answered 200", n, snd.calls, s.hookErr)
		}
	})
}

// TestSweeperRecordsExpiredAndReleasesFailed: an open payment that expired at Mollie without a webhook
// is recorded as expired (the resident can pay again); a claim left by a crash on a payment Mollie now
// reports failed is given back, and nothing is sent.
func TestSweeperRecordsExpiredAndReleasesFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s, snd, c := sweepShop(t, st)
		ctx := context.Background()
		open, _ := s.svc.Start(ctx, s.checkout("draft-open"))
		openPay, _ := s.svc.ByReturn(ctx, open.ReturnToken)
		crashed, _ := s.svc.Start(ctx, s.checkout("draft-failed"))
		pay(t, crashed.CheckoutURL, "paid")
		s.svc.SendWith(nil)
		s.mollie.DeliverWebhooks() // claimed, then the process died
		s.svc.SendWith(snd)
		crashedPay, _ := s.svc.ByReturn(ctx, crashed.ReturnToken)
		s.mollie.SetStatus(openPay.ProviderID, "expired")
		s.mollie.SetStatus(crashedPay.ProviderID, "failed")
		c.Add(6 * time.Minute)
		res, err := s.svc.Sweep(ctx)
		if err != nil || res.Checked != 2 || res.Sent != 0 || res.Released != 1 || snd.calls != 0 {
			t.Fatalf("sweep: %+v %v, %d sends; want 2 checked, 1 released, nothing sent", res, err, snd.calls)
		}
		if p, _ := s.svc.ByReturn(ctx, open.ReturnToken); p.Status != payment.StatusExpired || p.State != payment.StateWaiting {
			t.Errorf("expired payment: %+v", p)
		}
		if p, _ := s.svc.ByReturn(ctx, crashed.ReturnToken); p.Status != payment.StatusFailed || p.State != payment.StateWaiting {
			t.Errorf("released payment: %+v", p)
		}
		if _, err := s.svc.Retry(ctx, open.ReturnToken, s.checkout("draft-open")); err != nil {
			t.Errorf("paying again after expiry: %v", err)
		}
		if res, err := s.svc.Sweep(ctx); err != nil || res.Checked != 0 {
			t.Errorf("second sweep: %+v %v, want nothing (the new attempt is younger than a minute)", res, err)
		}
	})
}
