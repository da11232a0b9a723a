package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestRequestsDecidedCountsFirstDecisionsOfThePeriod: of four requests, decided on 20 November (after
// its deadline of 18 November: late), on 10 November (deadline 30 November: in time), first on 28
// October and again on 5 November after an objection, one decided on 1 December, and two decided near
// midnight (below): November has 4 decided, 2 in time. The one first decided in October counts for
// October only.
func TestRequestsDecidedCountsFirstDecisionsOfThePeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := func(d string) time.Time {
			t, err := time.Parse(time.DateOnly+" 15:04", d)
			if err != nil {
				panic(err)
			}
			return t
		}
		requests := []struct {
			deadline  string
			decisions []string
		}{
			{"2026-11-18", []string{"2026-11-20 10:00"}},
			{"2026-11-30", []string{"2026-11-10 09:00"}},
			{"2026-11-30", []string{"2026-10-28 16:00", "2026-11-05 11:00"}},
			{"2026-12-15", []string{"2026-12-01 08:00"}},
			// Times are UTC; the deadline is a Dutch day (UTC+1 in winter): 22:30 UTC on the 30th is 23:30 that
			// day (in time), 23:30 UTC on the 29th is already 00:30 on the 30th (late).
			{"2026-11-30", []string{"2026-11-30 22:30"}},
			{"2026-11-29", []string{"2026-11-29 23:30"}},
		}
		for i, r := range requests {
			var id int64
			err := s.QueryRow(ctx, `INSERT INTO requests (reference, token_hash, product_id, status, deadline, received_at,
				updated_at, data) VALUES (?, ?, 'p', 'decided', ?, ?, ?, '{}') RETURNING id`, fmt.Sprintf("R-%d", i),
				fmt.Sprintf("h%d", i), r.deadline, day("2026-10-01 09:00"), day("2026-10-01 09:00")).Scan(&id)
			if err != nil {
				t.Fatal(err)
			}
			for _, at := range r.decisions {
				if _, err := s.Exec(ctx, `INSERT INTO request_events (request_id, at, actor, kind, status, public)
					VALUES (?, ?, 'b', 'status', 'decided', ?)`, id, day(at), true); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, c := range []struct {
			from, to      string
			total, inTime int
		}{
			{"2026-11-01 00:00", "2026-12-01 00:00", 4, 2},
			{"2026-10-01 00:00", "2026-11-01 00:00", 1, 1},
			{"2026-12-01 00:00", "2027-01-01 00:00", 1, 1},
		} {
			total, inTime, err := s.RequestsDecided(ctx, day(c.from), day(c.to), "decided")
			if err != nil || total != c.total || inTime != c.inTime {
				t.Errorf("%s to %s: %d decided, %d in time (%v), want %d and %d", c.from, c.to, total, inTime, err, c.total, c.inTime)
			}
		}
	})
}

// TestServiceLevelMonthCountsOnlyItsMonth: the monthly rollup counts the conversations created in its
// month (Dutch time) and gives the same figures as counting them one by one; a month without any is
// counted as empty, not as never counted.
func TestServiceLevelMonthCountsOnlyItsMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		levels := contact.DefaultServiceLevels()
		ams, _ := time.LoadLocation("Europe/Amsterdam")
		at := func(d string) time.Time {
			t, err := time.ParseInLocation(time.DateTime, d, ams)
			if err != nil {
				panic(err)
			}
			return t
		}
		// 31 October 23:30 in Amsterdam is 22:30 UTC: October. 1 November 00:30 is 31 October 23:30 UTC:
		// November all the same.
		created := []string{"2026-10-31 23:30:00", "2026-11-01 00:30:00", "2026-11-12 10:00:00", "2026-11-30 23:59:00", "2026-12-01 00:00:00"}
		var november []contact.Conversation
		for i, c := range created {
			rc, err := s.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "R", Email: fmt.Sprintf("r%d@example.org", i),
				Subject: "Vraag", Text: "Tekst", MailID: fmt.Sprintf("m%d@example.org", i), ReceivedAt: at(c)}, settings)
			if err != nil {
				t.Fatal(err)
			}
			if i >= 1 && i <= 3 {
				conv, err := s.Conversation(ctx, rc.ConversationID)
				if err != nil {
					t.Fatal(err)
				}
				november = append(november, conv)
			}
		}
		now := at("2026-12-04 12:00:00")
		if err := levels.RollupServiceLevelMonth(ctx, s, at("2026-11-15 12:00:00"), now); err != nil {
			t.Fatal(err)
		}
		got, rolledAt, err := s.ServiceLevelMonth(ctx, "2026-11")
		if err != nil || !rolledAt.Equal(now) {
			t.Fatalf("rolled at %v (%v), want %v", rolledAt, err, now)
		}
		if len(got) != 1 || got[0].Channel != contact.ChannelEmail || got[0].Conversations != 3 {
			t.Fatalf("November: %+v, want 3 e-mail conversations", got)
		}
		if want := levels.Shares(november, now); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("November: %+v, counted one by one %+v", got, want)
		}
		if err := levels.RollupServiceLevelMonth(ctx, s, at("2026-06-10 12:00:00"), now); err != nil {
			t.Fatal(err)
		}
		if got, rolledAt, err := s.ServiceLevelMonth(ctx, "2026-06"); err != nil || len(got) != 0 || rolledAt.IsZero() {
			t.Errorf("June: %+v at %v (%v), want counted and empty", got, rolledAt, err)
		}
		if _, rolledAt, err := s.ServiceLevelMonth(ctx, "2026-07"); err != nil || !rolledAt.IsZero() {
			t.Errorf("July was never counted: rolled at %v (%v)", rolledAt, err)
		}
	})
}
