package demo_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/demo"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// The demo year goes through the recording path and the rollup job, and the dashboards then read the
// yearly volumes of DESIGN.md: 270,000 website visits, 15,000 chat and WhatsApp questions (9,000 + 6,000),
// 70,000 calls and 40,000 counter visits, plus 4,000 e-mails and 5,000 contact forms.
func TestDemoYearIsRecordedAndRolledUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		end := time.Date(2026, 12, 4, 12, 0, 0, 0, calendar.Amsterdam)
		sum, err := demo.LoadActivity(ctx, st, end)
		if err != nil {
			t.Fatal(err)
		}
		// The year is the 365 days before 4 December 2026: 4 December 2025 to 3 December 2026.
		got, err := st.ChannelContacts(ctx, "2025-12-04", "2026-12-03")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"web": 270_000, "chat": 9_000, "whatsapp": 6_000, "email": 4_000, "form": 5_000,
			"phone": 70_000, "counter": 40_000}
		for ch, n := range want {
			if got[ch] != n {
				t.Errorf("%s: %d contacts in the rollup, want %d", ch, got[ch], n)
			}
		}
		if before, _ := st.ChannelContacts(ctx, "2025-01-01", "2025-12-03"); len(before) != 0 && before["web"] != 0 {
			t.Errorf("activity before the year: %v", before)
		}
		// Nothing was left in the event queue, and every feedback answer reached the rollup.
		var queued, fbRows, fbRolled int64
		if err := st.QueryRow(ctx, `SELECT COUNT(*) FROM insight_events`).Scan(&queued); err != nil || queued != 0 {
			t.Fatalf("%d events not rolled up (%v)", queued, err)
		}
		st.QueryRow(ctx, `SELECT COUNT(*) FROM feedback`).Scan(&fbRows)
		st.QueryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM insight_daily WHERE type IN (?, ?)`,
			insight.TypeFeedbackYes, insight.TypeFeedbackNo).Scan(&fbRolled)
		if fbRows == 0 || fbRows != int64(sum.Feedback) || fbRolled != fbRows {
			t.Fatalf("feedback: %d answers stored, %d reported, %d in the rollup", fbRows, sum.Feedback, fbRolled)
		}
		// Loading again changes nothing.
		if again, err := demo.LoadActivity(ctx, st, end); err != nil || again.Events != 0 {
			t.Fatalf("second load: %+v %v", again, err)
		}
	})
}

// BenchmarkLoadActivity records the demo year through the Recorder and the rollup job into a fresh
// database per iteration.
func BenchmarkLoadActivity(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			end := time.Date(2026, 12, 4, 12, 0, 0, 0, calendar.Amsterdam)
			for b.Loop() {
				b.StopTimer()
				st := storetest.Open(b, dialect)
				b.StartTimer()
				if _, err := demo.LoadActivity(context.Background(), st, end); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
