package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// directCounts counts the open conversations themselves, the way the counters must come out: the oracle
// for InboxCounts, which PostgreSQL reads from its trigger-kept table.
func directCounts(t *testing.T, s *store.Store, mine int64) contact.Counts {
	t.Helper()
	c := contact.Counts{State: map[string]int{}, Channel: map[string]int{}, Team: map[string]int{}}
	rows, err := s.Query(context.Background(), `SELECT state, channel, team, COALESCE(assignee_id, 0) FROM contact_conversations WHERE state <> 'closed'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var state, channel, team string
		var who int64
		if err := rows.Scan(&state, &channel, &team, &who); err != nil {
			t.Fatal(err)
		}
		c.State[state]++
		c.Channel[channel]++
		c.Team[team]++
		switch who {
		case 0:
			c.Nobody++
		case mine:
			c.Mine++
		}
	}
	return c
}

func sameCounts(a, b contact.Counts) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// TestInboxCountsFollowEveryChange: after intake, replies, assignment, state changes, closing, merging and
// many writers at once, the counters equal a count of the open conversations themselves, per state,
// channel, team, "mine" and nobody.
func TestInboxCountsFollowEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		staff := func(email string) int64 {
			id, err := s.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: email, Role: auth.RoleAgent}, PasswordHash: "h"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		karin, piet := staff("karin@voorbeeld.nl"), staff("piet@voorbeeld.nl")
		check := func(step string) {
			t.Helper()
			for _, mine := range []int64{karin, piet} {
				got, err := s.InboxCounts(ctx, mine)
				if err != nil {
					t.Fatal(err)
				}
				if want := directCounts(t, s, mine); !sameCounts(got, want) {
					t.Fatalf("%s (for %d): counters %+v, want %+v", step, mine, got, want)
				}
			}
		}
		var ids []int64
		for i := range 6 {
			ch := []string{contact.ChannelEmail, contact.ChannelForm}[i%2]
			rc, err := s.Intake(ctx, contact.Inbound{Channel: ch, Name: "Inwoner", Email: fmt.Sprintf("r%d@example.org", i),
				Subject: "Vraag", Text: fmt.Sprintf("Vraag nummer %d", i)}, alwaysOpen)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, rc.ConversationID)
		}
		check("after intake")
		steps := []struct {
			name string
			do   func() error
		}{
			{"assign to Karin", func() error { return s.AssignConversation(ctx, ids[0], "Afval", karin) }},
			{"assign to Piet", func() error { return s.AssignConversation(ctx, ids[1], "Parkeren", piet) }},
			{"reassign to Karin", func() error { return s.AssignConversation(ctx, ids[1], "Afval", karin) }},
			{"team only", func() error { return s.AssignConversation(ctx, ids[2], "Zorg", 0) }},
			{"reply (waiting)", func() error {
				_, err := s.AddReply(ctx, ids[0], store.Reply{Author: "karin@voorbeeld.nl", Text: "Antwoord"}, alwaysOpen)
				return err
			}},
			{"close", func() error { return s.SetConversationState(ctx, ids[3], contact.StateClosed, alwaysOpen) }},
			{"reopen", func() error { return s.SetConversationState(ctx, ids[3], contact.StateOpen, alwaysOpen) }},
			{"merge", func() error { return s.MergeConversations(ctx, ids[5], ids[4]) }},
		}
		for _, st := range steps {
			if err := st.do(); err != nil && st.name != "merge" {
				t.Fatalf("%s: %v", st.name, err)
			}
			check(st.name)
		}
		// Many writers at once: intake, assignment and closing from eight goroutines.
		var wg sync.WaitGroup
		errs := make(chan error, 80)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					rc, err := s.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Druk", Email: fmt.Sprintf("w%d-%d@example.org", w, i),
						Subject: "Druk", Text: "Veel tegelijk"}, alwaysOpen)
					if err != nil {
						errs <- err
						return
					}
					switch i % 3 {
					case 1:
						err = s.AssignConversation(ctx, rc.ConversationID, "Afval", []int64{karin, piet}[w%2])
					case 2:
						err = s.SetConversationState(ctx, rc.ConversationID, contact.StateClosed, alwaysOpen)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		check("after eight writers at once")
		got, _ := s.InboxCounts(ctx, karin)
		if got.Active() < 50 {
			t.Fatalf("only %d open after the writers: the test did not exercise the counters", got.Active())
		}
	})
}
