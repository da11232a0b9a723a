package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestServiceLevelRollup counts outcomes worked out by hand against the default targets (chat: first answer
// within 2 minutes, closed within 1 hour; e-mail: 8 and 24 business hours, Monday to Friday 08:30–17:00).
// Monday 30 November 2026, now is 12:00:
//   - chat A, 10:00, answered 10:01, closed 10:30: both met;
//   - chat B, 10:00, answered 10:05, closed 11:30: both breached;
//   - e-mail C, 10:00, unanswered: first due Tuesday 09:30, so neither decided yet;
//   - merged, automatic and 100-day-old conversations do not count.
func TestServiceLevelRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := func(h, m int) time.Time { return time.Date(2026, 11, 30, h, m, 0, 0, calendar.Amsterdam).UTC() }
		now := at(12, 0)
		if _, at, err := s.ServiceLevelRollup(ctx); err != nil || !at.IsZero() {
			t.Fatalf("before the first rollup: %v %v, want no time", at, err)
		}
		if _, err := s.Exec(ctx, `INSERT INTO contact_parties (id, name, created_at) VALUES (1, 'Test', ?)`, now); err != nil {
			t.Fatal(err)
		}
		type conv struct {
			ref, channel, state string
			created             time.Time
			first, closed       any
			merged              any
			automatic           bool
		}
		for _, c := range []conv{
			{"A", contact.ChannelChat, contact.StateClosed, at(10, 0), at(10, 1), at(10, 30), nil, false},
			{"B", contact.ChannelChat, contact.StateClosed, at(10, 0), at(10, 5), at(11, 30), nil, false},
			{"C", contact.ChannelEmail, contact.StateOpen, at(10, 0), nil, nil, nil, false},
			{"D", contact.ChannelEmail, contact.StateClosed, at(10, 0), nil, at(10, 2), int64(3), false},
			{"E", contact.ChannelChat, contact.StateClosed, at(10, 0), nil, at(10, 1), nil, true},
			{"F", contact.ChannelChat, contact.StateClosed, now.AddDate(0, 0, -100), at(10, 1), at(10, 2), nil, false},
		} {
			if _, err := s.Exec(ctx, `INSERT INTO contact_conversations (reference, party_id, channel, state, merged_into,
				automatic, created_at, updated_at, first_response_at, closed_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.ref, c.channel, c.state, c.merged, c.automatic, c.created, c.created, c.first, c.closed); err != nil {
				t.Fatal(err)
			}
		}
		if err := contact.DefaultServiceLevels().RollupServiceLevels(ctx, s, now); err != nil {
			t.Fatal(err)
		}
		got, rolled, err := s.ServiceLevelRollup(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []contact.Share{
			{Channel: contact.ChannelEmail, Conversations: 1},
			{Channel: contact.ChannelChat, Conversations: 2, FirstMet: 1, FirstDecided: 2, FinalMet: 1, FinalDecided: 2},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("rollup %+v\nwant   %+v", got, want)
		}
		if !rolled.Equal(now) {
			t.Errorf("rolled at %v, want %v", rolled, now)
		}
	})
}
