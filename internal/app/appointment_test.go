package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/appointment"
	"loket/internal/calendar"
	"loket/internal/channel/email/mailtest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// openAllHours sets up a location that is open day and night with one desk for passports (10 minutes a
// person), so the test does not depend on the time of day it runs.
func openAllHours(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	svc := a.Appointments
	if err := svc.SaveProduct(ctx, appointment.Product{ID: "paspoort", Title: "Paspoort aanvragen", MinutesPerPerson: 10}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveLocation(ctx, appointment.Location{ID: "overal", Name: "Stadhuis", Street: "Marktplein 1", Postcode: "1234 AB",
		City: "Voorbeeld", HoursText: "altijd"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDesk(ctx, appointment.Desk{LocationID: "overal", Name: "Balie 1", Products: []string{"paspoort"}}); err != nil {
		t.Fatal(err)
	}
}

// TestAppointmentAPI books through the JSON API, follows the confirmation with its calendar file to the
// SMTP relay, and cancels with the change link's secret.
func TestAppointmentAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		openAllHours(t, site.App)
		// The Amsterdam date three days on: whatever the hour, more than the 24-hour cut-off ahead (a UTC
		// date two days on starts less than 24 hours ahead late in the evening).
		from := time.Now().In(calendar.Amsterdam).AddDate(0, 0, 3).Format(time.DateOnly)
		code, body := get(t, site.URL+"/api/v1/appointments/slots?products=paspoort&persons=4&location=overal&from="+from)
		var list struct {
			Slots []struct {
				Start, End time.Time
				Location   string
			} `json:"slots"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list.Slots) < 10 {
			t.Fatalf("slots: %d %.300s", code, body)
		}
		first := list.Slots[0]
		if first.End.Sub(first.Start) != 40*time.Minute || first.Location != "overal" {
			t.Errorf("first slot %+v, want 40 minutes at overal", first)
		}
		booking := map[string]any{"products": []string{"paspoort"}, "persons": 4, "location": "overal", "start": first.Start,
			"name": "Fam. Jansen", "email": "jansen@example.nl", "phone": "0612345678"}
		code, body = postJSON(t, site.URL+"/api/v1/appointments", booking)
		var made struct {
			Reference  string `json:"reference"`
			ChangeLink string `json:"change_link"`
		}
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &made) != nil || !strings.Contains(made.ChangeLink, "/afspraak/") {
			t.Fatalf("booking: %d %s", code, body)
		}
		// The same slot again: the only desk is taken.
		booking["email"] = "ander@example.nl"
		if code, body := postJSON(t, site.URL+"/api/v1/appointments", booking); code != http.StatusConflict || !strings.Contains(body, "Kies een ander tijdstip") {
			t.Errorf("second booking of the slot: %d %s", code, body)
		}
		bad := map[string]any{"products": []string{"kapvergunning"}, "persons": 9, "location": "overal", "start": time.Now().Add(-time.Hour),
			"name": "", "email": "geen-adres"}
		code, body = postJSON(t, site.URL+"/api/v1/appointments", bad)
		var fails struct {
			Fields map[string]string `json:"fields"`
		}
		if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &fails) != nil ||
			fails.Fields["products"] == "" || fails.Fields["persons"] == "" || fails.Fields["name"] == "" || fails.Fields["email"] == "" {
			t.Errorf("bad booking: %d %s", code, body)
		}
		bad["start"] = "morgen om tien uur"
		if code, body := postJSON(t, site.URL+"/api/v1/appointments", bad); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"start"`) {
			t.Errorf("unreadable start: %d %s", code, body)
		}

		msg := site.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool { return strings.Contains(string(m.Raw), "jansen@example.nl") })
		raw := string(msg.Raw)
		if !strings.Contains(raw, "multipart/mixed") || !strings.Contains(raw, "text/calendar") || !regexp.MustCompile(`filename="?afspraak\.ics"?`).MatchString(raw) {
			t.Fatalf("confirmation without a calendar attachment:\n%s", raw)
		}
		ics := attachment(t, raw)
		if want := "DTSTART:" + first.Start.UTC().Format("20060102T150405Z") + "\r\n"; !strings.Contains(ics, want) {
			t.Errorf("calendar file lacks %q:\n%s", want, ics)
		}

		token := made.ChangeLink[strings.LastIndex(made.ChangeLink, "/")+1:]
		if code := deleteURL(t, site.URL+"/api/v1/appointments/"+token); code != http.StatusNoContent {
			t.Errorf("cancel: %d", code)
		}
		if code := deleteURL(t, site.URL+"/api/v1/appointments/"+token); code != http.StatusNotFound {
			t.Errorf("cancel twice: %d, want 404 (the links end with the appointment)", code)
		}
		if code := deleteURL(t, site.URL+"/api/v1/appointments/"+strings.Repeat("x", 43)); code != http.StatusNotFound {
			t.Errorf("unknown link: %d, want 404", code)
		}
		if code, body := postJSON(t, site.URL+"/api/v1/appointments", booking); code != http.StatusCreated {
			t.Errorf("the cancelled slot is not free again: %d %s", code, body)
		}
	})
}

// attachment decodes the base64 calendar part of a raw MIME message.
func attachment(t *testing.T, raw string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)Content-Type: text/calendar.*?\r\n\r\n(.*?)\r\n--`).FindStringSubmatch(raw)
	if m == nil {
		t.Fatalf("no calendar part in:\n%s", raw)
	}
	data, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func deleteURL(t *testing.T, u string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, u, nil)
	code, _, _ := doRequest(t, req)
	return code
}

// TestAppointmentPagesRefuseBadInput posts the booking page's forms with mistakes: the page comes back
// with a message per field and the typed input, a taken time answers 409, an unknown change link 404,
// and nothing is stored.
func TestAppointmentPagesRefuseBadInput(t *testing.T) {
	site := startInbox(t, storetest.Open(t, store.SQLite))
	openAllHours(t, site.App)
	form := func(v url.Values) (int, string) {
		t.Helper()
		resp, err := http.PostForm(site.URL+"/afspraak/controleren", v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, page := form(url.Values{"product": {"paspoort"}, "personen": {"9"}, "locatie": {"overal"}, "naam": {"Piet"}, "email": {"piet@"},
		"tijd": {time.Now().Add(-time.Hour).Format(time.RFC3339)}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad booking: %d", code)
	}
	for _, want := range []string{"Kies 1 tot en met 6 personen", "Vul een geldig e-mailadres in", `value="Piet"`, `href="#afspraak-personen"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if code, page := form(url.Values{"product": {"paspoort"}, "personen": {"1"}, "locatie": {"overal"}, "naam": {"Piet"}, "email": {"piet@example.nl"},
		"tijd": {"gisteren"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "Kies een datum en tijd") {
		t.Errorf("no time: %d", code)
	}
	resp, err := http.Get(site.URL + "/afspraak/" + strings.Repeat("A", 43))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown change link: %d", resp.StatusCode)
	}
	var n int
	if err := site.App.Store.DB().QueryRow(`SELECT COUNT(*) FROM appointments`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d appointments stored, %v", n, err)
	}
}
