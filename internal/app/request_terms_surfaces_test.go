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
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestTermsHoldOnEverySurface sends requests of three procedures through the public API on days chosen
// so that the law's counting matters, and checks that the API, the resident's status page, the handler's
// queue and case page, and the confirmation e-mail all give the decision date worked out by hand:
//
//   - Objection (demo product with an advisory committee) against a decision sent Thursday 15 October
//     2026, received Monday 2 November: the objection period (Awb 6:7, 6:8) runs from Friday 16 October
//     and ends Thursday 26 November; the term of twelve weeks (7:10 lid 1, with a committee) counts from
//     Friday 27 November and ends Thursday 18 February 2027. Postponed (7:10 lid 3) by at most six weeks:
//     43 days is refused, 42 days gives Thursday 1 April 2027 (not a holiday: Easter Monday is 29 March).
//   - Complaint received Friday 13 November 2026: six weeks (Awb 9:11 lid 1) end Friday 25 December,
//     Christmas Day; Saturday 26 December is Boxing Day and Sunday follows, so the Algemene termijnenwet
//     (art. 1 lid 1) moves the end to Monday 28 December 2026.
//   - Woo request received Tuesday 30 March 2027: four weeks (Woo 4.4 lid 1) end Tuesday 27 April 2027,
//     King's Day (ATW art. 3 lid 1), so the term ends Wednesday 28 April 2027.
func TestTermsHoldOnEverySurface(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) { termsOnEverySurface(t, dialect) })
	}
}

func termsOnEverySurface(t *testing.T, dialect string) {
	{
		srv, a := startDemo(t, dialect)
		seedForms(t, a)
		clk := storetest.NewClock(time.Time{})
		a.Requests.SetClock(clk.Now)
		_, handlerToken := addStaff(t, a, "jurist@voorbeeld.nl", auth.RoleHandler)
		handler := request.Staff{Email: "jurist@voorbeeld.nl", Name: "Jurist"}

		cases := []struct {
			name, received, product string
			fields                  map[string]string
			due, dueDutch           string
		}{
			{"objection", "2026-11-02", "bezwaar-maken", map[string]string{"kenmerk_besluit": "Omgevingsvergunning Dorpsstraat 1",
				"datum_besluit": "2026-10-15", "gaat_over_datum": "nee", "gronden": "Het uitzicht verdwijnt.", "horen": "nee",
				"naam": "Piet Bezwaar", "email": "piet@example.nl", "adres": "1234 AB 5"}, "2027-02-18", "18 februari 2027"},
			{"complaint", "2026-11-13", "klacht-indienen", map[string]string{"waarover": "Niet teruggebeld.",
				"datum_voorval": "2026-11-10", "naam": "Kees Klacht", "email": "kees@example.nl"}, "2026-12-28", "28 december 2026"},
			{"woo", "2027-03-30", "woo-verzoek", map[string]string{"onderwerp": "Besluiten over het plein.", "vorm": "digitaal",
				"naam": "Wil Woo", "email": "wil@example.nl"}, "2027-04-28", "28 april 2027"},
		}
		refs := map[string]string{}
		for _, c := range cases {
			clk.Set(storetest.Amsterdam(c.received + " 10:00"))
			code, resp := postJSON(t, srv.URL+"/api/v1/requests", map[string]any{"product": c.product, "fields": c.fields})
			var created struct {
				Reference string `json:"reference"`
			}
			if code != http.StatusCreated || json.Unmarshal([]byte(resp), &created) != nil {
				t.Fatalf("%s: %d %s", c.name, code, resp)
			}
			refs[c.name] = created.Reference
			checkDueEverywhere(t, srv.URL, handlerToken, a.Store, created.Reference, statusPath(t, resp), c.fields["email"], c.due, c.dueDutch)
		}

		ctx := context.Background()
		ref := refs["objection"]
		clk.Set(storetest.Amsterdam("2027-02-01" + " 10:00"))
		if _, err := a.Requests.Take(ctx, ref, handler); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Requests.Extend(ctx, ref, handler, 43, "Advies van de commissie volgt later.", false); err == nil {
			t.Fatal("an objection was postponed by 43 days; Awb 7:10 lid 3 allows six weeks")
		}
		if _, err := a.Requests.Extend(ctx, ref, handler, 42, "Advies van de commissie volgt later.", false); err != nil {
			t.Fatalf("six weeks: %v", err)
		}
		code, body := getWith(t, srv.URL+"/api/v1/requests/"+ref, handlerToken)
		if code != 200 || !strings.Contains(body, `"deadline":"2027-04-01"`) || !strings.Contains(body, `"extended_days":42`) {
			t.Errorf("after postponing: %d %s", code, body)
		}
		if _, page := getWith(t, srv.URL+"/beheer/aanvragen/"+ref, handlerToken); deadlineOn(page) != "1 april 2027" {
			t.Errorf("case page after postponing shows %q, want 1 april 2027", deadlineOn(page))
		}
	}
}

var deadlineCell = regexp.MustCompile(`class="[^"]*request-deadline[^"]*">([^<]+)<`)

// deadlineOn is the first decision date marked on a page.
func deadlineOn(page string) string {
	m := deadlineCell.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

// checkDueEverywhere checks the decision date of one request on the API, the status page, the queue, the
// case page and the confirmation mail.
func checkDueEverywhere(t *testing.T, base, token string, st *store.Store, ref, statusPath, email, due, dueDutch string) {
	t.Helper()
	if code, body := getWith(t, base+"/api/v1/requests/"+ref, token); code != 200 || !strings.Contains(body, `"deadline":"`+due+`"`) {
		t.Errorf("%s API: %d %s, want deadline %s", ref, code, body, due)
	}
	if _, page := get(t, base+statusPath); deadlineOn(page) != dueDutch {
		t.Errorf("%s status page shows %q, want %q", ref, deadlineOn(page), dueDutch)
	}
	if _, page := getWith(t, base+"/beheer/aanvragen/"+ref, token); deadlineOn(page) != dueDutch {
		t.Errorf("%s case page shows %q, want %q", ref, deadlineOn(page), dueDutch)
	}
	_, queue := getWith(t, base+"/beheer/aanvragen?team=", token)
	row := ""
	for _, tr := range strings.Split(queue, "<tr") {
		if strings.Contains(tr, ref) {
			row = tr
		}
	}
	if deadlineOn(row) != dueDutch {
		t.Errorf("%s queue row shows %q, want %q", ref, deadlineOn(row), dueDutch)
	}
	mails, err := st.RequestMails(context.Background(), email)
	if err != nil || len(mails) == 0 {
		t.Fatalf("%s: no confirmation mail to %s: %v", ref, email, err)
	}
	if !strings.Contains(mails[0].Body, "uiterlijk "+dueDutch+" een besluit") {
		t.Errorf("%s confirmation mail does not promise %s:\n%s", ref, dueDutch, mails[0].Body)
	}
}
