package store_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"loket/internal/appointment"
	"loket/internal/payment"
	"loket/internal/payment/mollietest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// paidCounter is the appointment service with payment at booking against the local server that speaks
// Mollie's wire format; its webhook endpoint does what loket's does: the payment service fetches the
// status and sends a claimed, paid one through the appointment service; a failed one frees the time.
type paidCounter struct {
	svc      *appointment.Service
	payments *payment.Service
	mollie   *mollietest.Server
	mu       sync.Mutex
	hookErrs []error
}

func newPaidCounter(t *testing.T, s *store.Store, c *storetest.Clock) *paidCounter {
	t.Helper()
	pc := &paidCounter{mollie: mollietest.Start(t)}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conf, err := pc.payments.Webhook(r.Context(), r.FormValue("id"))
		if err == nil && conf.Payment.Purpose() == payment.PurposeAppointment && !conf.Claimed {
			err = pc.svc.PaymentReported(r.Context(), conf)
		}
		if err != nil {
			pc.mu.Lock()
			pc.hookErrs = append(pc.hookErrs, err)
			pc.mu.Unlock()
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(site.Close)
	pc.svc = setUpAppointments(t, s, c)
	pc.payments = payment.NewService(s, payment.NewMollie(pc.mollie.APIURL(), pc.mollie.APIKey), site.URL, c.Now)
	pc.svc.UsePayments(pc.payments)
	pc.payments.SendWith(payment.SenderFunc(pc.svc.SendPaid)) // as the app's paid sender does for appointments
	// Passports are paid at booking: € 84,00 a person, half of it back on cancelling before the cut-off.
	if err := pc.svc.SaveProduct(context.Background(), appointment.Product{ID: "paspoort", Title: "Paspoort aanvragen", MinutesPerPerson: 10,
		PayAtBooking: true, FeeCents: 8400, RefundPercent: 50}); err != nil {
		t.Fatal(err)
	}
	return pc
}

// payAtCheckout picks an outcome on the provider's checkout page as the resident does; the provider
// calls the webhook before it sends the browser back (to the returned address).
func payAtCheckout(t *testing.T, checkoutURL, outcome string) string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(checkoutURL, url.Values{"status": {outcome}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func TestPaymentAtBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00"))
		pc := newPaidCounter(t, s, c)
		pc.mollie.WebhookTwice = true
		svc := pc.svc
		two := func(start, email string) appointment.Booking {
			return appointment.Booking{Products: []string{"paspoort"}, Persons: 2, Location: "stadhuis", Start: storetest.Amsterdam(start),
				Name: "Fam. Jansen", Email: email}
		}

		// Held: the time is taken, nothing is mailed until the provider confirms.
		b, err := svc.Book(ctx, two("2026-12-08 10:00", "betaalt@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		if b.State != appointment.StateAwaitingPayment || b.FeeCents != 16800 || !strings.HasPrefix(b.CheckoutURL, pc.mollie.URL+"/checkout/") ||
			!b.HoldUntil.Equal(storetest.Amsterdam("2026-12-01 10:30")) {
			t.Fatalf("held booking %+v; want awaiting payment of 2 × € 84,00 until 10:30", b)
		}
		if d := desksFreeAt(t, svc, s, storetest.Amsterdam("2026-12-08 10:00")); len(d) != 1 {
			t.Errorf("while held, 10:00 has free desks %v, want one of the two", d)
		}
		if mails, _ := s.RequestMails(ctx, "betaalt@example.nl"); len(mails) != 0 {
			t.Errorf("%d mails before the payment", len(mails))
		}
		back := payAtCheckout(t, b.CheckoutURL, "paid")
		if !strings.Contains(back, "/betalen/afspraak/") || len(pc.hookErrs) != 0 || pc.mollie.Webhooks != 2 {
			t.Fatalf("return %q, webhook errors %v, %d calls", back, pc.hookErrs, pc.mollie.Webhooks)
		}
		a, err := svc.ByID(ctx, b.ID)
		if err != nil || a.State != appointment.StateBooked || a.PaidCents != 16800 {
			t.Fatalf("after paying: %+v %v", a, err)
		}
		mails, _ := s.RequestMails(ctx, "betaalt@example.nl")
		if len(mails) != 1 || !strings.Contains(mails[0].Body, "Betaald bij het maken van de afspraak: € 168,00") ||
			changeToken.FindString(mails[0].Body) == "" {
			t.Fatalf("%d confirmations (the webhook came twice; want 1 with the amount and a change link)", len(mails))
		}
		pays, err := pc.payments.OfRequest(ctx, a.Reference)
		if err != nil || len(pays) != 1 || pays[0].State != payment.StateSubmitted || pays[0].Purpose() != payment.PurposeAppointment {
			t.Fatalf("payments of %s: %+v %v", a.Reference, pays, err)
		}

		// Cancelled before the cut-off: half of € 168,00 back through the provider, and the mail says so.
		if err := svc.Cancel(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		pays, _ = pc.payments.OfRequest(ctx, a.Reference)
		if a, _ = svc.ByID(ctx, b.ID); pays[0].RefundedCents != 8400 || a.RefundCents != 8400 || a.RefundedAt.IsZero() {
			t.Errorf("refund after cancelling: payment refunded %d, appointment owes %d (done %v); want 8400", pays[0].RefundedCents, a.RefundCents, a.RefundedAt)
		}
		if mails, _ := s.RequestMails(ctx, "betaalt@example.nl"); !strings.Contains(mails[0].Body, "U krijgt € 84,00 terug") {
			t.Errorf("cancel mail:\n%s", mails[0].Body)
		}

		// A failed payment frees the time at once and ends the link.
		f, err := svc.Book(ctx, two("2026-12-08 11:00", "mislukt@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		payAtCheckout(t, f.CheckoutURL, "failed")
		if a, _ := svc.ByID(ctx, f.ID); a.State != appointment.StateUnpaid {
			t.Errorf("after a failed payment: %s", a.State)
		}
		if d := desksFreeAt(t, svc, s, storetest.Amsterdam("2026-12-08 11:00")); len(d) != 2 {
			t.Errorf("after a failed payment 11:00 has free desks %v, want both", d)
		}
		if _, err := svc.ByToken(ctx, f.Token); !errors.Is(err, appointment.ErrNotFound) {
			t.Errorf("link of an unpaid booking: %v", err)
		}

		// The hold runs out: the sweeper frees it; a payment made after that goes back in full.
		late, err := svc.Book(ctx, two("2026-12-08 14:00", "laat@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		c.Set(storetest.Amsterdam("2026-12-01 10:29"))
		if n, err := svc.SweepPayments(ctx); n != 0 || err != nil {
			t.Errorf("sweep before the hold ends: %d, %v", n, err)
		}
		c.Set(storetest.Amsterdam("2026-12-01 10:30"))
		if n, err := svc.SweepPayments(ctx); n != 1 || err != nil {
			t.Errorf("sweep when the hold ends: %d, %v", n, err)
		}
		if d := desksFreeAt(t, svc, s, storetest.Amsterdam("2026-12-08 14:00")); len(d) != 2 {
			t.Errorf("after the hold 14:00 has free desks %v, want both", d)
		}
		payAtCheckout(t, late.CheckoutURL, "paid")
		pays, _ = pc.payments.OfRequest(ctx, late.Reference)
		if a, _ := svc.ByID(ctx, late.ID); a.State != appointment.StateUnpaid || len(pays) != 1 || pays[0].RefundedCents != 16800 || a.RefundedAt.IsZero() {
			t.Errorf("paid after the hold: %s, payments %+v; want unpaid and € 168,00 refunded", a.State, pays)
		}
		if mails, _ := s.RequestMails(ctx, "laat@example.nl"); len(mails) != 0 {
			t.Errorf("a confirmation went out for a booking paid too late")
		}

		// After the cut-off nothing comes back; staff book for a caller without online payment.
		c.Set(storetest.Amsterdam("2026-12-01 11:00"))
		p2, err := svc.Book(ctx, two("2026-12-02 09:00", "kort@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		payAtCheckout(t, p2.CheckoutURL, "paid")
		a2, _ := svc.ByID(ctx, p2.ID)
		if err := svc.Cancel(ctx, a2, true); err != nil {
			t.Fatal(err)
		}
		pays, _ = pc.payments.OfRequest(ctx, p2.Reference)
		if a2, _ = svc.ByID(ctx, p2.ID); a2.RefundCents != 0 || pays[0].RefundedCents != 0 {
			t.Errorf("cancelled 22 hours before, past the 24-hour cut-off, yet refunded %d (owed %d)", pays[0].RefundedCents, a2.RefundCents)
		}
		staff := two("2026-12-09 10:00", "beller@example.nl")
		staff.Source = appointment.SourceStaff
		if sb, err := svc.Book(ctx, staff); err != nil || sb.State != appointment.StateBooked || sb.CheckoutURL != "" {
			t.Errorf("staff booking: %+v %v; want booked, paid at the counter", sb.Appointment, err)
		}
		if len(pc.hookErrs) != 0 {
			t.Errorf("webhook errors: %v", pc.hookErrs)
		}

		// Without a provider a product that must be paid first cannot be booked online; nothing is stored.
		before := countRows(t, s, "appointments")
		bare := appointment.NewService(s, s, nil, appointment.MailSettings{BaseURL: "https://loket.test"}, c.Now)
		if _, err := bare.Book(ctx, two("2026-12-10 10:00", "geen@example.nl")); !errors.Is(err, appointment.ErrNoPayment) {
			t.Errorf("booking without a provider: %v", err)
		}
		if countRows(t, s, "appointments") != before {
			t.Error("a booking was stored without a provider")
		}
	})
}
