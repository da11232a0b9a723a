package browsertest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/identity/identitytest"
)

// TestMijnLoketShowsAppointmentsBookedWhileLoggedIn: a counter appointment booked while logged in is in
// Mijn loket with a link to change or cancel it; one booked without login is not.
func TestMijnLoketShowsAppointmentsBookedWhileLoggedIn(t *testing.T) {
	ls := startLoginSite(t)
	ctx := context.Background()
	svc := ls.App.Appointments
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
	_, body := getBody(t, http.DefaultClient, ls.URL+"/api/v1/appointments/slots?products=paspoort&persons=1&location=overal&from="+
		time.Now().AddDate(0, 0, 2).Format(time.DateOnly))
	var slots struct {
		Slots []struct{ Start time.Time } `json:"slots"`
	}
	if json.Unmarshal([]byte(body), &slots) != nil || len(slots.Slots) < 2 {
		t.Fatalf("slots: %.300s", body)
	}
	book := func(c *http.Client, start time.Time, email string) {
		t.Helper()
		resp, body := postForm(t, c, ls.URL+"/afspraak", url.Values{"product": {"paspoort"}, "personen": {"1"}, "locatie": {"overal"},
			"tijd": {start.Format(time.RFC3339)}, "naam": {"Jan Jansen"}, "email": {email}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: %d %s", resp.StatusCode, regexp.MustCompile(`(?s)<h1.*?</form>`).FindString(body))
		}
	}
	noFollow := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	book(&http.Client{CheckRedirect: noFollow}, slots.Slots[len(slots.Slots)-1].Start, "anoniem@example.nl") // not logged in

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ := getResp(t, c, ls.URL+"/inloggen/digid")
	back, err := ls.broker.Login(t.Context(), resp.Header.Get("Location"), "jan", identitytest.ACR("midden"))
	if err != nil {
		t.Fatal(err)
	}
	getResp(t, c, back)
	book(c, slots.Slots[0].Start, "jan@example.nl")
	status, page := getBody(t, c, ls.URL+"/mijn-loket")
	if status != http.StatusOK || strings.Count(page, "Afspraak wijzigen of afzeggen") != 1 || !strings.Contains(page, `href="/afspraak/`) {
		t.Errorf("Mijn loket: %d, want exactly the one appointment booked while logged in with its change link: %s", status, excerpt(page))
	}
}
