package contact_test

import (
	"errors"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
	"loket/internal/problem"
)

func TestMoveKeepsTheServiceLevelClock(t *testing.T) {
	sl := contact.DefaultServiceLevels() // Monday to Friday 08:30–17:00
	ams := calendar.Amsterdam
	// Waiting from Friday 4 December 2026 16:00 to Monday 7 December 10:00: one business hour on Friday
	// (16:00–17:00) and one and a half on Monday (08:30–10:00), so 2h30m is added to the paused time.
	waitingFrom := time.Date(2026, 12, 4, 16, 0, 0, 0, ams)
	back := time.Date(2026, 12, 7, 10, 0, 0, 0, ams)
	c := contact.Conversation{State: contact.StateWaiting, WaitingSince: waitingFrom, Paused: 30 * time.Minute}
	move, err := sl.Move(c, contact.StateOpen, back)
	if err != nil {
		t.Fatal(err)
	}
	if move.Paused != 3*time.Hour || !move.WaitingSince.IsZero() || move.Closed {
		t.Fatalf("leaving waiting: %+v, want paused 3h (30m + 2h30m), not waiting, not closed", move)
	}
	closed, _ := sl.Move(contact.Conversation{State: contact.StateOpen}, contact.StateClosed, back)
	if !closed.Closed || !closed.ClosedAt.Equal(back) {
		t.Fatalf("closing: %+v", closed)
	}
	again, _ := sl.Move(closed.Apply(contact.Conversation{State: contact.StateOpen}), contact.StateClosed, back.Add(time.Hour))
	if again.Closed || !again.ClosedAt.Equal(back) {
		t.Fatalf("closing twice asks for satisfaction twice or moves the close time: %+v", again)
	}
	if _, err := sl.Move(c, "gesloten", back); !errors.Is(err, contact.ErrInvalid) {
		t.Fatalf("unknown state: %v", err)
	}
	if r := sl.Resume(contact.Conversation{State: contact.StateClosed, ClosedAt: back}, back); r.State != contact.StateOpen || !r.ClosedAt.IsZero() {
		t.Fatalf("a closed conversation written to again: %+v, want open", r)
	}
}

func TestDueAtIsTheNextTargetInBusinessHours(t *testing.T) {
	sl := contact.DefaultServiceLevels()
	ams := calendar.Amsterdam
	// An e-mail on Thursday 24 December 2026 at 16:00: first answer within 8 business hours. Thursday
	// gives 1h (to 17:00); Friday 25 and Saturday 26 (Christmas, weekend) and Sunday are closed; Monday 28
	// gives the remaining 7h from 08:30: due 15:30.
	c := contact.Conversation{Channel: contact.ChannelEmail, State: contact.StateNew, CreatedAt: time.Date(2026, 12, 24, 16, 0, 0, 0, ams)}
	if got, want := sl.DueAt(c), time.Date(2026, 12, 28, 15, 30, 0, 0, ams); !got.Equal(want) {
		t.Fatalf("first answer due %v, want %v", got.In(ams), want)
	}
	// Answered: then the resolution (24 business hours = 1h + 8h30 Mon + 8h30 Tue + 6h Wed) is due
	// Wednesday 30 December at 14:30.
	c.FirstResponseAt, c.State = c.CreatedAt.Add(time.Hour), contact.StateOpen
	if got, want := sl.DueAt(c), time.Date(2026, 12, 30, 14, 30, 0, 0, ams); !got.Equal(want) {
		t.Fatalf("resolution due %v, want %v", got.In(ams), want)
	}
	for _, state := range []string{contact.StateWaiting, contact.StateClosed} {
		c.State = state
		if got := sl.DueAt(c); !got.Equal(contact.NoDue) {
			t.Fatalf("%s: due %v, want none", state, got)
		}
	}
}

func TestCursorRoundTripAndRefusesForgeries(t *testing.T) {
	due := time.Date(2026, 12, 28, 14, 30, 0, 0, time.UTC)
	for _, c := range []contact.Cursor{{Sort: contact.SortDue, Due: due, ID: 42}, {Sort: contact.SortNewest, ID: 7}, {Sort: contact.SortOldest, ID: 1}} {
		got, err := contact.ParseCursor(c.String())
		if err != nil || got != c {
			t.Fatalf("%+v came back as %+v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"x", "ZHVlLjE", "bmV3ZXN0Li0x", "c29ydC4x", string(make([]byte, 200))} {
		if _, err := contact.ParseCursor(bad); !errors.Is(err, contact.ErrInvalid) {
			t.Errorf("cursor %q: %v, want invalid", bad, err)
		}
	}
	q, err := contact.InboxQuery{Sort: contact.SortNewest, After: contact.Cursor{Sort: contact.SortDue, Due: due, ID: 3}}.Normalize()
	if fe := problem.FieldsOf(err); fe["cursor"] == "" {
		t.Fatalf("a cursor of another sort order: %+v %v", q, err)
	}
}

func TestParseSearchTellsWhatIsSearched(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want contact.Search
	}{
		{"vb-c-2026-000005", contact.Search{Reference: "VB-C-2026-000005"}},
		{"Jan.Jansen@Example.org", contact.Search{Email: "jan.jansen@example.org"}},
		{"06 12 34 56 78", contact.Search{Phone: "31612345678"}},
		{"+31 6-12345678", contact.Search{Phone: "31612345678"}},
		{"Parkeervergunning  Kerkstraat 12", contact.Search{Words: []string{"parkeervergunning", "kerkstraat", "12"}}},
		{`"boom" OR *`, contact.Search{Words: []string{"boom", "or"}}},
	} {
		got := contact.ParseSearch(tc.in)
		if got.Reference != tc.want.Reference || got.Email != tc.want.Email || got.Phone != tc.want.Phone || !equal(got.Words, tc.want.Words) {
			t.Errorf("ParseSearch(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
