package app_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/calendar"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAppRunsOnOneClock opens loket on a clock months away from the machine's and sends a question through
// the API: the conversation the store writes and the contact event the service records both carry the
// clock's time, so the store and the services read the same clock.
func TestAppRunsOnOneClock(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			// 15 June 2026, 23:30 in Amsterdam (21:30 UTC): the event's day is the Amsterdam day.
			at := time.Date(2026, 6, 15, 23, 30, 0, 0, calendar.Amsterdam)
			clock := storetest.NewClock(at)
			dsn := storetest.Open(t, dialect).DSN()
			srv, a := startOnWith(t, dsn, true, []app.Option{app.WithClock(clock.Now)})
			site := &inboxSite{URL: srv.URL, App: a}

			id, _ := site.ask(t, "Jan Klok", "jan.klok@example.org", "Klok", "Hoe laat is het bij jullie?")
			c, err := a.Store.Conversation(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !c.CreatedAt.Equal(at) {
				t.Errorf("conversation created at %v, want the app's clock %v", c.CreatedAt, at)
			}
			if err := a.Insight.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Store.RollupInsight(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := a.Store.EventTotals(ctx, "form", "2026-06-15", "2026-06-15", "contact")
			if err != nil {
				t.Fatal(err)
			}
			if got["contact"] != 1 {
				t.Errorf("contact events on 2026-06-15 (the clock's Amsterdam day): %v, want 1", got)
			}
		})
	}
}
