package app_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestRealRequestTrafficReachesInsight sends a request through the public site, as a resident does,
// and checks that request_started and request_sent are stored for the product. Before request.Service
// recorded them, only the demo year did, and the task dashboards showed 0 requests for real traffic.
func TestRealRequestTrafficReachesInsight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		seedForms(t, a)
		code, loc, body := postMultipart(t, srv.URL+"/producten/grofvuil/aanvragen", "", map[string]string{})
		action := regexp.MustCompile(`(/aanvraag/[A-Za-z0-9_-]{43})`).FindStringSubmatch(loc + body)
		if action == nil {
			t.Fatalf("no draft after the first step: %d %s", code, loc)
		}
		fillDraft(t, srv.URL+action[1])
		if code, loc, _ := postMultipart(t, srv.URL+action[1]+"/versturen", "", map[string]string{}); code != http.StatusSeeOther || !strings.Contains(loc, "/mijn-aanvraag/") {
			t.Fatalf("send: %d %s", code, loc)
		}
		if err := a.Insight.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, typ := range []string{"request_started", "request_sent"} {
			var n int
			if err := a.Store.QueryRow(context.Background(), `SELECT COALESCE(SUM(n), 0) FROM insight_events WHERE type = ? AND article_id = ?`,
				typ, "grofvuil").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%s stored %d times for grofvuil, want 1", typ, n)
			}
		}
	})
}

// fillDraft answers both steps of the demo's grofvuil form.
func fillDraft(t *testing.T, draft string) {
	t.Helper()
	for i, fields := range []map[string]string{
		{"stap": "1", "ophaaladres-postcode": "1234 AB", "ophaaladres-huisnummer": "5", "soort": "meubels", "aantal": "3"},
		{"stap": "2", "naam": "Anna de Vries", "email": "anna@example.nl"},
	} {
		if code, loc, body := postMultipart(t, draft, "", fields); code != http.StatusSeeOther {
			t.Fatalf("step %d: %d %s\n%s", i+1, code, loc, body)
		}
	}
}

// TestAPIExplainsRequiredFileInDutch: a product whose form needs a file cannot be requested through
// the API; the refusal says so in Dutch on that field, together with every other problem at once.
func TestAPIExplainsRequiredFileInDutch(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	seedForms(t, a)
	code, resp := postJSON(t, srv.URL+"/api/v1/requests", map[string]any{"product": "evenementenvergunning", "fields": map[string]string{"onbekend": "x"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(resp, `"error":"Niet alles is goed ingevuld."`) ||
		!strings.Contains(resp, `"situatietekening":"Voor dit product moet u een bestand meesturen.`) ||
		!strings.Contains(resp, `"onbekend":"Dit formulier heeft geen veld met deze naam."`) || !strings.Contains(resp, `"naam_evenement"`) {
		t.Fatalf("API refusal: %d %s", code, resp)
	}
}
