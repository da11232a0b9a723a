package app_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/identity/identitytest"
	"loket/internal/payment"
	"loket/internal/payment/mollietest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestPaidRequestWhoseWebhookWasLostIsSentByTheSweeper: Jan, logged in with DigiD, pays the parking
// permit's € 55,00, but Mollie's webhook never arrives. A minute later (on the app's clock) the sweeper
// asks Mollie, finds the payment paid and sends the request once, linked to Jan in the same transaction,
// so it is in his Mijn loket; the webhook that comes late sends nothing more.
func TestPaidRequestWhoseWebhookWasLostIsSentByTheSweeper(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		mollie := mollietest.Start(t)
		mollie.ReturnBeforeWebhook = true // held back: lost, until the test delivers it at the end
		clock := &identitytest.Clock{}
		la := startLoginAppWith(t, s.DSN(), []app.Option{app.WithClock(clock.Now)}, func(c *config.Config) {
			c.MollieAPIKey, c.MollieAPIURL = mollie.APIKey, mollie.APIURL()
		})
		ctx := context.Background()
		forms, err := demo.RequestForms()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forms {
			if f.Product == "parkeervergunning" {
				f.Login, f.Fee = map[string]string{"digid": "midden"}, &payment.Fee{Label: "Leges parkeervergunning", Cents: 5500}
				if err := la.App.Store.SaveRequestForm(ctx, f, "test"); err != nil {
					t.Fatal(err)
				}
			}
		}
		c := la.resident(t, "jan", "midden")
		code, loc, body := postAs(t, c, la.URL+"/producten/parkeervergunning/aanvragen", url.Values{"stap": {"1"}, "kenteken": {"AB-123-C"}})
		if code != 303 {
			t.Fatalf("step 1: %d %s", code, body)
		}
		draft := la.URL + loc[:strings.Index(loc, "?")]
		if code, _, body := postAs(t, c, draft, url.Values{"stap": {"2"}, "naam": {"Jan Jansen"}, "email": {"jan@example.nl"},
			"adres-postcode": {"1234 AB"}, "adres-huisnummer": {"5"}}); code != 303 {
			t.Fatalf("step 2: %d %s", code, body)
		}
		_, _, page := postAs(t, c, draft+"/versturen", url.Values{})
		checkout := regexp.MustCompile(`data-continue="([^"]+)"`).FindStringSubmatch(page)
		if checkout == nil {
			t.Fatalf("no checkout on the payment page:\n%.600s", page)
		}
		if code, _, _ := postAs(t, c, strings.ReplaceAll(checkout[1], "&amp;", "&"), url.Values{"status": {"paid"}}); code != 303 {
			t.Fatalf("paying at the provider: %d", code)
		}
		queue := func() []string {
			t.Helper()
			q, err := la.App.Store.RequestQueue(ctx, store.QueueFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, r := range q {
				refs = append(refs, r.Reference)
			}
			return refs
		}
		if q := queue(); len(q) != 0 {
			t.Fatalf("sent before anyone confirmed the payment: %v", q)
		}
		clock.Advance(2 * time.Minute)
		res, err := la.App.Payments.Sweep(ctx)
		if err != nil || res.Sent != 1 {
			t.Fatalf("sweep: %+v %v, want the paid payment sent", res, err)
		}
		q := queue()
		if len(q) != 1 {
			t.Fatalf("requests after the sweep: %v", q)
		}
		if _, mine := getBody(t, c, la.URL+"/mijn-loket"); !strings.Contains(mine, q[0]) {
			t.Errorf("Mijn loket does not list %s, sent by the sweeper", q[0])
		}
		pays, err := la.App.Payments.OfRequest(ctx, q[0])
		if err != nil || len(pays) != 1 || pays[0].State != payment.StateSubmitted || pays[0].Status != payment.StatusPaid {
			t.Errorf("payment of %s: %+v %v", q[0], pays, err)
		}
		mollie.DeliverWebhooks()
		if q := queue(); len(q) != 1 {
			t.Errorf("after the late webhook: %v, want still one request", q)
		}
	})
}
