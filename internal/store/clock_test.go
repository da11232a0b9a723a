package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestStoreTimestampsFollowItsClock opens the store on a clock far from the wall clock and checks that what it
// writes (a conversation's creation, an audit line, a staff account) carries the clock's time, and that what
// it compares (a session's expiry) follows the clock when it moves.
func TestStoreTimestampsFollowItsClock(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			// 2 March 2026, 09:15:30.123456 UTC: a Monday, years away from the machine's clock.
			start := time.Date(2026, 3, 2, 9, 15, 30, 123456000, time.UTC)
			clock := storetest.NewClock(start)
			s := storetest.Open(t, dialect, store.WithClock(clock.Now))

			rc, err := s.Intake(ctx, email("klok@example.org", "Klok", "klok1@example.org", ""), settings)
			if err != nil {
				t.Fatal(err)
			}
			c, err := s.Conversation(ctx, rc.ConversationID)
			if err != nil {
				t.Fatal(err)
			}
			if !c.CreatedAt.Equal(start) {
				t.Errorf("conversation created at %v, want the store clock's %v", c.CreatedAt, start)
			}

			clock.Add(3*time.Hour + 20*time.Minute) // 12:35:30.123456
			moved := start.Add(3*time.Hour + 20*time.Minute)
			if err := s.Audit(ctx, store.AuditEntry{Actor: "system", Action: "view", ObjectType: "conversation"}); err != nil {
				t.Fatal(err)
			}
			entries, err := s.AuditEntries(ctx, store.AuditFilter{Action: "view"})
			if err != nil || len(entries) != 1 {
				t.Fatalf("audit entries %v %v", entries, err)
			}
			if !entries[0].At.Equal(moved) {
				t.Errorf("audit line at %v, want the moved clock's %v", entries[0].At, moved)
			}
			id, err := s.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "klok@gemeente.nl", Name: "Klok", Role: auth.RoleAgent}})
			if err != nil {
				t.Fatal(err)
			}
			u, err := s.StaffUserByEmail(ctx, "klok@gemeente.nl")
			if err != nil || !u.CreatedAt.Equal(moved) {
				t.Errorf("staff account created at %v (%v), want %v", u.CreatedAt, err, moved)
			}

			// A session that ends an hour from the store's time is live now and over when the clock
			// passes that hour, though the wall clock is years away from both.
			if err := s.AddSession(ctx, "klok-sessie", id, moved.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SessionStaff(ctx, "klok-sessie"); err != nil {
				t.Fatalf("session within its hour: %v", err)
			}
			clock.Add(time.Hour + time.Second)
			if _, err := s.SessionStaff(ctx, "klok-sessie"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("session an hour and a second later: %v, want ErrNotFound", err)
			}
		})
	}
}
