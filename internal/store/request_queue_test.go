package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestTermFactsDerivedForRowsWithout: a request written around the store (as rows from before the term
// facts were) has term_version 0; the first look at the queue derives its facts. Received Monday 2 March
// 2026 with a 14-day term: due Monday 16 March, so on Wednesday 18 March it is late.
func TestTermFactsDerivedForRowsWithout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		received := time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Amsterdam)
		r, err := request.New(testForm, request.Product{ID: "grofvuil", Title: "Grofvuil", Team: "Team Afval", DeadlineDays: 14},
			request.Values{"email": "a@example.nl"}, received)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Exec(ctx, `INSERT INTO requests (reference, token_hash, product_id, team, status, deadline, received_at, updated_at, data)
			VALUES ('OUD-1', 'oud-1', 'grofvuil', 'Team Afval', 'ontvangen', '2026-03-16', ?, ?, ?)`, received.UTC(), received.UTC(), string(doc)); err != nil {
			t.Fatal(err)
		}
		today := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
		counts, err := s.RequestQueueCounts(ctx, store.QueueFilter{Team: "Team Afval"}, today)
		if err != nil || counts[request.SectionLate] != 1 || counts[request.SectionOpen] != 0 {
			t.Fatalf("counts %v (%v), want the old row late", counts, err)
		}
		keys, err := s.RequestQueueKeys(ctx, store.QueueFilter{}, request.SectionLate, today, 10)
		if err != nil || len(keys) != 1 || keys[0].Due.Format(time.DateOnly) != "2026-03-16" {
			t.Fatalf("late keys %+v (%v), want the old row due 2026-03-16", keys, err)
		}
		var version int
		if err := s.QueryRow(ctx, `SELECT term_version FROM requests WHERE reference = 'OUD-1'`).Scan(&version); err != nil || version != request.TermFactsVersion {
			t.Fatalf("term_version %d (%v), want %d", version, err, request.TermFactsVersion)
		}
	})
}
