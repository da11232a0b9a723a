package app_test

import (
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/store"
)

// The monthly report shows last month's figures on one page: contacts per channel against FTE, the top
// tasks, search success, service levels and requests decided in time.
func TestMonthReport(t *testing.T) {
	srv, a := startInsightDemo(t, store.SQLite)
	token := staffToken(t, a, "m@voorbeeld.nl", auth.RoleManager)
	code, body := call(t, "GET", srv.URL+"/beheer/inzicht/maandrapport", token, "")
	now := time.Now().In(calendar.Amsterdam)
	last := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, calendar.Amsterdam).AddDate(0, -1, 0)
	months := []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
	title := "Maandrapport " + months[last.Month()-1] + " " + last.Format("2006")
	if code != 200 {
		t.Fatalf("report: %d", code)
	}
	for _, want := range []string{title, "Contacten per kanaal en bezetting", "Telefoon", "Toptaken: hoe goed werken ze online?",
		"zoekopdrachten", "Serviceniveaus", "Aanvragen", "data-print"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(body, "Er zijn nog geen toptaken") {
		t.Error("the demo's top tasks are missing from the report")
	}
	// A month in the future falls back to last month; an agent may not see it.
	if code, body := call(t, "GET", srv.URL+"/beheer/inzicht/maandrapport?maand=2999-01", token, ""); code != 200 || !strings.Contains(body, title) {
		t.Errorf("future month: %d", code)
	}
	agent := staffToken(t, a, "k@voorbeeld.nl", auth.RoleAgent)
	if code, _ := call(t, "GET", srv.URL+"/beheer/inzicht/maandrapport", agent, ""); code != 403 {
		t.Errorf("agent: %d, want 403", code)
	}
}
