package payment_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/payment"
	"loket/internal/payment/mollietest"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// shop is loket's side in these tests: the payment service behind a webhook endpoint that sends the
// request (here: counts it) when the service hands it a claimed payment.
type shop struct {
	svc     *payment.Service
	mollie  *mollietest.Server
	store   *store.Store
	mu      sync.Mutex
	sent    []int64
	hookErr error
	// viaSender: the service sends through its Sender itself (the sweeper tests); the endpoint only answers.
	viaSender bool
}

func newShop(t *testing.T, st *store.Store) *shop { return newShopAt(t, st, nil) }

// newShopAt is newShop with the service on clock.
func newShopAt(t *testing.T, st *store.Store, clock func() time.Time) *shop {
	t.Helper()
	s := &shop{mollie: mollietest.Start(t), store: st}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.svc.Webhook(r.Context(), r.FormValue("id"))
		s.mu.Lock()
		defer s.mu.Unlock()
		if err != nil {
			s.hookErr = err
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if c.Claimed && !s.viaSender {
			s.sent = append(s.sent, c.Payment.ID)
			s.hookErr = s.svc.Submitted(r.Context(), c.Payment.ID, "VB-2026-000001")
		}
	}))
	t.Cleanup(site.Close)
	s.svc = payment.NewService(st, payment.NewMollie(s.mollie.APIURL(), s.mollie.APIKey), site.URL, clock)
	return s
}

var parking = payment.Fee{Label: "Leges parkeervergunning", Cents: 5500}

func (s *shop) checkout(draft string) payment.Checkout {
	return payment.Checkout{DraftHash: draft, Product: "parkeervergunning", ProductTitle: "Parkeervergunning", Fee: parking}
}

// pay chooses an outcome on the checkout page, as the resident does; the provider then calls the
// webhook and sends the browser back.
func pay(t *testing.T, checkoutURL, outcome string) string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(checkoutURL, url.Values{"status": {outcome}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func TestPaidOnceThroughTheWebhook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newShop(t, st)
		s.mollie.WebhookTwice = true
		ctx := context.Background()
		started, err := s.svc.Start(ctx, s.checkout("draft-1"))
		if err != nil {
			t.Fatal(err)
		}
		if started.Cents != 5500 || !strings.HasPrefix(started.CheckoutURL, s.mollie.URL+"/checkout/tr_") {
			t.Fatalf("started %+v", started)
		}
		back := pay(t, started.CheckoutURL, "paid")
		if !strings.HasSuffix(back, payment.ReturnPath(started.ReturnToken)) {
			t.Errorf("provider sent the browser to %q", back)
		}
		if s.mollie.Webhooks != 2 || len(s.sent) != 1 || s.hookErr != nil {
			t.Fatalf("%d webhook calls sent the request %d times (%v), want 2 calls and 1 request", s.mollie.Webhooks, len(s.sent), s.hookErr)
		}
		p, err := s.svc.ByReturn(ctx, started.ReturnToken)
		if err != nil || p.Status != payment.StatusPaid || p.State != payment.StateSubmitted || p.RequestRef != "VB-2026-000001" || p.Method != "ideal" {
			t.Fatalf("after paying: %+v %v", p, err)
		}
	})
}

func TestReturnBeforeWebhookSendsNothing(t *testing.T) {
	s := newShop(t, storetest.Open(t, store.SQLite))
	s.mollie.ReturnBeforeWebhook = true
	ctx := context.Background()
	started, err := s.svc.Start(ctx, s.checkout("draft-2"))
	if err != nil {
		t.Fatal(err)
	}
	pay(t, started.CheckoutURL, "paid")
	p, err := s.svc.ByReturn(ctx, started.ReturnToken)
	if err != nil || p.State != payment.StateWaiting || p.Status != payment.StatusOpen || len(s.sent) != 0 {
		t.Fatalf("the browser's return changed something: %+v %v, sent %v", p, err, s.sent)
	}
	s.mollie.DeliverWebhooks()
	if len(s.sent) != 1 {
		t.Fatalf("after the webhook: sent %d, want 1", len(s.sent))
	}
}

func TestFailedPaymentCanBeRetried(t *testing.T) {
	s := newShop(t, storetest.Open(t, store.SQLite))
	ctx := context.Background()
	for _, outcome := range []string{"failed", "canceled", "expired"} {
		first, err := s.svc.Start(ctx, s.checkout("draft-"+outcome))
		if err != nil {
			t.Fatal(err)
		}
		pay(t, first.CheckoutURL, outcome)
		p, _ := s.svc.ByReturn(ctx, first.ReturnToken)
		if p.Status != payment.Status(outcome) || !p.Status.Failed() || len(s.sent) != 0 {
			t.Fatalf("%s: %+v", outcome, p)
		}
		again, err := s.svc.Retry(ctx, first.ReturnToken, s.checkout("draft-"+outcome))
		if err != nil || again.CheckoutURL == first.CheckoutURL {
			t.Fatalf("%s: retry %+v %v", outcome, again, err)
		}
	}
	ok, _ := s.svc.Start(ctx, s.checkout("draft-ok"))
	pay(t, ok.CheckoutURL, "paid")
	if _, err := s.svc.Retry(ctx, ok.ReturnToken, s.checkout("draft-ok")); problem.KindOf(err) != problem.Conflict {
		t.Errorf("retrying a paid payment: %v, want a conflict", err)
	}
}

func TestWebhookForUnknownPayment(t *testing.T) {
	s := newShop(t, storetest.Open(t, store.SQLite))
	for _, id := range []string{"tr_onbekend1", "re_12345", "'; DROP TABLE payments; --", ""} {
		if _, err := s.svc.Webhook(context.Background(), id); !errors.Is(err, problem.ErrNotFound) {
			t.Errorf("webhook for %q: %v, want not found", id, err)
		}
	}
}

func TestRefundAuditedAndBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newShop(t, st)
		ctx := context.Background()
		started, _ := s.svc.Start(ctx, s.checkout("draft-r"))
		pay(t, started.CheckoutURL, "paid")
		rr := payment.RefundRequest{Actor: "bo@voorbeeld.nl", Reference: "VB-2026-000001", Outcome: "afgewezen", Reason: "Aanvraag ingetrokken", Fee: parking, Cents: 1000}
		if err := s.svc.Refund(ctx, rr); problem.FieldsOf(err)["bedrag"] == "" {
			t.Errorf("refund after a refusal (the default rules refund only withdrawn requests): %v", err)
		}
		rr.Outcome, rr.Cents = "ingetrokken", 5501
		if err := s.svc.Refund(ctx, rr); !strings.Contains(problem.FieldsOf(err)["bedrag"], "€ 55,00") {
			t.Errorf("refund of more than was paid: %v", err)
		}
		rr.Cents = 2000
		if err := s.svc.Refund(ctx, rr); err != nil {
			t.Fatal(err)
		}
		rr.Cents = 3501 // 55,00 − 20,00 = 35,00 left
		if err := s.svc.Refund(ctx, rr); !strings.Contains(problem.FieldsOf(err)["bedrag"], "€ 35,00") {
			t.Errorf("second refund past what is left: %v", err)
		}
		pays, _ := s.svc.OfRequest(ctx, "VB-2026-000001")
		if len(pays) != 1 || pays[0].RefundedCents != 2000 {
			t.Fatalf("payments of the request: %+v", pays)
		}
		audit, err := st.AuditEntries(ctx, store.AuditFilter{Action: "refund", ObjectID: "VB-2026-000001"})
		if err != nil || len(audit) != 1 || audit[0].Actor != "bo@voorbeeld.nl" || audit[0].Detail != "20.00: Aanvraag ingetrokken" {
			t.Errorf("audit: %+v %v", audit, err)
		}
	})
}

func TestDailyCSVAndRevenue(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	s := newShop(t, st)
	ctx := context.Background()
	for _, d := range []string{"a", "b"} {
		started, _ := s.svc.Start(ctx, s.checkout("draft-"+d))
		pay(t, started.CheckoutURL, "paid")
	}
	failed, _ := s.svc.Start(ctx, s.checkout("draft-c"))
	pay(t, failed.CheckoutURL, "failed")
	var buf bytes.Buffer
	if err := s.svc.DailyCSV(ctx, time.Now(), &buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "betaald_op;zaaknummer;product") || !strings.Contains(lines[1], ";parkeervergunning;Leges parkeervergunning Parkeervergunning;55.00;0.00;ideal;tr_") {
		t.Errorf("CSV:\n%s", buf.String())
	}
	rev, err := s.svc.Revenue(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil || len(rev) != 1 || rev[0].Payments != 2 || rev[0].Cents != 11000 {
		t.Errorf("revenue: %+v %v (two paid payments of € 55,00, the failed one not counted)", rev, err)
	}
}

// TestDailyCSVCountsTheAmsterdamDay: a payment confirmed at 23:30 UTC on 4 December 2026 was paid at
// 00:30 on 5 December in Amsterdam (CET, UTC+1): it is in the CSV of 5 December, not of the 4th, whether
// the day is asked as a date (midnight UTC) or as the moment itself.
func TestDailyCSVCountsTheAmsterdamDay(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	s := newShop(t, st)
	ctx := context.Background()
	started, err := s.svc.Start(ctx, s.checkout("draft-midnight"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.svc.ByReturn(ctx, started.ReturnToken)
	paidAt := time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)
	if err := st.SetPaymentStatus(ctx, p.ID, payment.StatusPaid, "ideal", paidAt); err != nil {
		t.Fatal(err)
	}
	rows := func(day time.Time) int {
		var buf bytes.Buffer
		if err := s.svc.DailyCSV(ctx, day, &buf); err != nil {
			t.Fatal(err)
		}
		return len(strings.Split(strings.TrimSpace(buf.String()), "\n")) - 1
	}
	for day, want := range map[time.Time]int{
		time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC): 0, // "2026-12-04" from the console
		time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC): 1, // "2026-12-05"
		paidAt: 1, // the moment itself: the 5th in Amsterdam
	} {
		if got := rows(day); got != want {
			t.Errorf("CSV of %s: %d payments, want %d", day, got, want)
		}
	}
}
