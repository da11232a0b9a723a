package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestHandlersFollowTheClock opens loket on a clock months after the machine's and signs a manager in: the
// console session lasts its lifetime by that clock, and a dashboard's default period ends on the clock's
// day. Before the handlers read the injected clock, the session got the machine's time plus nine hours,
// which the store (on the moved clock) saw as long expired, and the period ended on the machine's day.
func TestHandlersFollowTheClock(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			// 15 March 2027, 00:30 in Amsterdam (CET, UTC+1): still 14 March in UTC, so the period must take
			// the Amsterdam day.
			at := time.Date(2027, 3, 15, 0, 30, 0, 0, calendar.Amsterdam)
			clock := storetest.NewClock(at)
			dsn := storetest.Open(t, dialect).DSN()
			srv, a := startOnWith(t, dsn, false, []app.Option{app.WithClock(clock.Now)})
			password, _ := addStaff(t, a, "klok@voorbeeld.nl", auth.RoleManager)
			client := login(t, srv, "klok@voorbeeld.nl", password)

			// (b) The default period is the last 365 days up to today (insight.LastYear): today is 2027-03-15
			// in Amsterdam; 365 days before it is 2026-03-15 (2026 has no 29 February).
			code, page := getPage(t, client, srv.URL+"/beheer/inzicht/kanalen")
			if code != http.StatusOK {
				t.Fatalf("channels dashboard: %d", code)
			}
			for _, want := range []string{`name="van" value="2026-03-15"`, `name="tot" value="2027-03-15"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the period form lacks %s (the clock's Amsterdam day)", want)
				}
			}

			// (a) The session, made at 00:30, lasts nine hours (staffauth.SessionLifetime): until 09:30.
			signedIn := func() bool {
				t.Helper()
				resp, err := client.Get(srv.URL + "/beheer")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode == http.StatusOK && resp.Request.URL.Path == "/beheer"
			}
			clock.Add(8*time.Hour + 59*time.Minute) // 09:29: one minute left
			if !signedIn() {
				t.Fatal("at 09:29 by the clock the session made at 00:30 has ended, want it to last until 09:30")
			}
			clock.Add(2 * time.Minute) // 09:31: a minute past the lifetime
			resp, err := client.Get(srv.URL + "/beheer")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.Request.URL.Path != "/beheer/inloggen" {
				t.Fatalf("at 09:31 by the clock /beheer ended on %s, want the login page", resp.Request.URL.Path)
			}
		})
	}
}
