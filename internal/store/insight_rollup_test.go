package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// openTwice opens two stores on one database, as two instances of loket share one PostgreSQL (or, less
// usefully, one SQLite file).
func openTwice(t *testing.T, dialect string) (*store.Store, *store.Store) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "loket.db")
	if dialect == store.Postgres {
		dsn = storetest.PostgresURL(t)
	}
	var out [2]*store.Store
	for i := range out {
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("open instance %d: %v", i+1, err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

// Two instances (or the manager's refresh button beside the background job) roll up at the same moment,
// round after round: every event and every feedback answer is counted exactly once.
func TestRollupOnTwoInstancesCountsOnce(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a, b := openTwice(t, dialect)
			const rounds, perRound = 12, 40
			day := insight.Day(time.Now())
			for round := range rounds {
				events := make([]insight.Event, perRound)
				for i := range events {
					// Distinct topics keep the events apart, as a day of real contacts is.
					events[i] = insight.Event{Day: day, Type: insight.TypeContact, Channel: insight.ChannelPhone,
						Topic: "onderwerp " + string(rune('a'+i%26)) + string(rune('a'+round)), N: 1}
				}
				if err := a.AddEvents(ctx, events); err != nil {
					t.Fatal(err)
				}
				if err := b.AddFeedback(ctx, store.Feedback{ArticleID: "paspoort", Useful: round%2 == 0}); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make(chan error, 4)
				for _, s := range []*store.Store{a, b, a, b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, err := s.RollupInsight(ctx)
						errs <- err
					}()
				}
				close(start)
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatalf("round %d: %v", round, err)
					}
				}
			}
			contacts, err := b.ChannelContacts(ctx, day, day)
			if err != nil {
				t.Fatal(err)
			}
			if contacts[insight.ChannelPhone] != rounds*perRound {
				t.Fatalf("phone contacts %d, want %d (%d rounds of %d events)", contacts[insight.ChannelPhone],
					rounds*perRound, rounds, perRound)
			}
			totals := rollupTotals(t, a)
			if totals[insight.TypeFeedbackYes] != rounds/2 || totals[insight.TypeFeedbackNo] != rounds/2 {
				t.Fatalf("feedback in the rollup %v, want %d useful and %d not", totals, rounds/2, rounds/2)
			}
		})
	}
}

// rollupTotals sums the daily rollup per event type, read straight from the table.
func rollupTotals(t *testing.T, s *store.Store) map[string]int64 {
	t.Helper()
	rows, err := s.Query(context.Background(), `SELECT type, SUM(n) FROM insight_daily GROUP BY type`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var typ string
		var n int64
		if err := rows.Scan(&typ, &n); err != nil {
			t.Fatal(err)
		}
		out[typ] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
