package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestCounterOnTheStaffingPage registers nine walk-ins of 10 minutes today and checks that the staffing
// page and its export show the counter: 9 an hour of 10 minutes is A = 1.5 Erlang, which needs 3 desks
// for 80% helped within 10 minutes (2 desks: 1 − (4.5/7)·e^(−0.5) = 61%; 3: 1 − (1.125/4.75)·e^(−1.5) =
// 94.7%); with a period of one day, a week needs those 3 desk hours.
func TestCounterOnTheStaffingPage(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	site := startInbox(t, st)
	openAllHours(t, site.App)
	ctx := context.Background()
	hours := map[int64]bool{}
	var day time.Time
	for range 9 {
		w, err := site.App.Appointments.RegisterWalkIn(ctx, appointment.WalkIn{Location: "overal", Products: []string{"paspoort"}, Name: "Binnenloper"})
		if err != nil {
			t.Fatal(err)
		}
		day = appointment.Date(w.Start)
		hours[w.Start.Unix()/3600] = true
	}
	if len(hours) != 1 {
		t.Skip("the walk-ins straddle the turn of an hour; the figures are checked in the store test")
	}
	token := staffToken(t, site.App, "manager@voorbeeld.nl", auth.RoleManager)
	period := "van=" + day.Format(time.DateOnly) + "&tot=" + day.Format(time.DateOnly)
	code, page := call(t, "GET", site.URL+"/beheer/inzicht/bezetting?locatie=overal&"+period, token, "")
	if code != http.StatusOK || !strings.Contains(page, "Balie: balies per uur van de week") || !strings.Contains(page, "<strong>3,0 balie-uren</strong>") ||
		!strings.Contains(page, "80% geholpen binnen 10 minuten") {
		t.Fatalf("staffing page %d:\n%s", code, section(page, "balie-kop"))
	}
	code, csv := call(t, "GET", site.URL+"/beheer/inzicht/bezetting?formaat=csv&"+period, token, "")
	weekday := appointment.WeekdayName(day.Weekday())
	if code != http.StatusOK || !strings.HasPrefix(csv, "\ufefflocatie;dag;uur;") {
		t.Fatalf("export %d:\n%.500s", code, csv)
	}
	var row string
	for _, line := range strings.Split(csv, "\r\n") {
		if strings.HasPrefix(line, "Stadhuis;"+weekday+";") && strings.Contains(line, ";9;") {
			row = line
		}
	}
	// location; day; hour; booked minutes 0; 9 walk-ins an hour; 10 minutes; 3 desks; 94,7%; 3 desk hours; 3 desks.
	if !strings.HasSuffix(row, ";0;9;10;3;94,7%;3;3") {
		t.Errorf("export row %q, want 0 booked minutes, 9 walk-ins of 10 minutes, 3 desks, 94,7%%, 3 desk hours, 3 desks\n%.800s", row, csv)
	}
}

// section is the part of a page from the element with the id on, for a readable failure.
func section(page, id string) string {
	if i := strings.Index(page, `id="`+id+`"`); i >= 0 {
		return page[i:min(len(page), i+3000)]
	}
	return page[:min(len(page), 3000)]
}
