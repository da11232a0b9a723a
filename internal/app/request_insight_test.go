package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
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

// TestSecondExtensionIsRefusedWithReason: a crafted second extension of an objection comes back with the
// reason and the article on the page, not a bare 422.
func TestSecondExtensionIsRefusedWithReason(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	seedForms(t, a)
	_, handlerToken := addStaff(t, a, "jurist@voorbeeld.nl", auth.RoleHandler)
	today := time.Now()
	code, resp := postJSON(t, srv.URL+"/api/v1/requests", map[string]any{"product": "bezwaar-maken", "fields": map[string]string{
		"kenmerk_besluit": "Kapvergunning", "datum_besluit": today.AddDate(0, 0, -7).Format(time.DateOnly), "gaat_over_datum": "nee",
		"gronden": "De boom is gezond.", "horen": "nee", "naam": "Anna", "email": "anna@example.nl", "adres": "1234 AB 5"}})
	var created struct{ Reference string }
	if code != http.StatusCreated || json.Unmarshal([]byte(resp), &created) != nil {
		t.Fatalf("objection: %d %s", code, resp)
	}
	base := srv.URL + "/beheer/aanvragen/" + created.Reference + "/verlengen"
	if code, _, body := postMultipart(t, base, handlerToken, map[string]string{"dagen": "43", "reden": "Advies"}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "hoogstens 6 weken") || !strings.Contains(body, "Awb 7:10 lid 3") {
		t.Fatalf("43 days: %d", code)
	}
	if code, _, _ := postMultipart(t, base, handlerToken, map[string]string{"dagen": "42", "reden": "Advies van de commissie"}); code != http.StatusSeeOther {
		t.Fatalf("first extension: %d", code)
	}
	code, _, body := postMultipart(t, base, handlerToken, map[string]string{"dagen": "7", "reden": "Nog meer tijd"})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "De termijn is al een keer verlengd") || !strings.Contains(body, "Awb 7:10 lid 4") {
		t.Fatalf("second extension: %d\n%s", code, body)
	}
}
