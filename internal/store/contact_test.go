package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var settings = contact.Settings{Mailer: contact.Mailer{Domain: "voorbeeld.nl", BaseURL: "http://loket.test",
	Who: func() contact.Who { return contact.Who{Name: "Gemeente Voorbeeld", QuestionPrefix: "VB"} }},
	Levels: contact.DefaultServiceLevels()}

func email(from, subject, mailID, inReplyTo string) contact.Inbound {
	return contact.Inbound{Channel: contact.ChannelEmail, Name: "Test", Email: from, Subject: subject,
		Text: "Vraag over " + subject, MailID: mailID, InReplyTo: inReplyTo}
}

func TestIntakeThreadsRepliesAndMerges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		first, err := s.Intake(ctx, email("a@example.org", "Paspoort", "m1@example.org", ""), settings)
		if err != nil || !first.New || !strings.HasPrefix(first.Reference, "VB-C-") {
			t.Fatalf("first: %+v %v", first, err)
		}
		dup, err := s.Intake(ctx, email("a@example.org", "Paspoort", "m1@example.org", ""), settings)
		if err != nil || !dup.Duplicate || dup.MessageID != first.MessageID {
			t.Fatalf("the same e-mail twice: %+v %v", dup, err)
		}
		// By In-Reply-To, by reference in the subject, and not for someone else's reference.
		byHeader, _ := s.Intake(ctx, email("a@example.org", "iets anders", "m2@example.org", "m1@example.org"), settings)
		byRef, _ := s.Intake(ctx, email("A@Example.org", "Re: ["+first.Reference+"]", "m3@example.org", ""), settings)
		stranger, _ := s.Intake(ctx, email("b@example.org", "Re: ["+first.Reference+"]", "m4@example.org", ""), settings)
		if byHeader.ConversationID != first.ConversationID || byRef.ConversationID != first.ConversationID || stranger.ConversationID == first.ConversationID {
			t.Fatalf("threading: %d %d %d, want %d %d other", byHeader.ConversationID, byRef.ConversationID, stranger.ConversationID,
				first.ConversationID, first.ConversationID)
		}
		// A form question of the same person is a new conversation; merging moves its messages over.
		form, _ := s.Intake(ctx, contact.Question{Name: "Test", Email: "a@example.org", Subject: "Nog een vraag", Message: "x"}.Inbound(), settings)
		if form.ConversationID == first.ConversationID {
			t.Fatal("a form question joined an e-mail thread")
		}
		if err := s.MergeConversations(ctx, form.ConversationID, stranger.ConversationID); !errors.Is(err, contact.ErrNotMergeable) {
			t.Fatalf("merging two people's conversations: %v", err)
		}
		if err := s.MergeConversations(ctx, form.ConversationID, first.ConversationID); err != nil {
			t.Fatal(err)
		}
		msgs, err := s.Messages(ctx, first.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		in := 0
		for _, m := range msgs {
			if m.Kind == contact.KindIn {
				in++
			}
		}
		if in != 4 {
			t.Fatalf("after the merge %d incoming messages, want 4", in)
		}
		// An e-mail answering the merged conversation goes to the one it joined.
		formMsgs, _ := s.Messages(ctx, form.ConversationID)
		if len(formMsgs) != 0 {
			t.Fatalf("merged conversation still has %d messages", len(formMsgs))
		}
	})
}

func TestReplyPausesClockAndClosingAsksSatisfaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := settings // open around the clock and on holidays, so the paused time is measurable whenever this runs
		set.Levels.Hours = calendar.AlwaysOpen()
		rc, err := s.Intake(ctx, email("c@example.org", "Afval", "c1@example.org", ""), set)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddReply(ctx, rc.ConversationID, store.Reply{Author: "kcc@voorbeeld.nl", Text: "Antwoord", Suggestion: "grofvuil"}, set); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Conversation(ctx, rc.ConversationID)
		if c.State != contact.StateWaiting || c.WaitingSince.IsZero() || c.FirstResponseAt.IsZero() {
			t.Fatalf("after the reply: %+v", c)
		}
		time.Sleep(1100 * time.Millisecond)
		if _, err := s.Intake(ctx, email("c@example.org", "Re: Afval", "c2@example.org", "c1@example.org"), set); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Conversation(ctx, rc.ConversationID)
		if c.State != contact.StateOpen || c.Paused < time.Second || !c.WaitingSince.IsZero() {
			t.Fatalf("after the resident answered: state %s, paused %s", c.State, c.Paused)
		}
		if err := s.SetConversationState(ctx, rc.ConversationID, contact.StateClosed, set); err != nil {
			t.Fatal(err)
		}
		if err := s.SetConversationState(ctx, rc.ConversationID, contact.StateClosed, set); err != nil {
			t.Fatal(err)
		}
		due, err := s.ClaimOutbox(ctx, 50, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var satisfaction []store.QueuedMail
		for _, m := range due {
			if strings.Contains(m.Body, "/tevredenheid/") {
				satisfaction = append(satisfaction, m)
			}
		}
		if len(due) != 3 || len(satisfaction) != 1 || !satisfaction[0].Automatic {
			t.Fatalf("outbox: %d mails, %d satisfaction questions; want confirmation, reply and one question", len(due), len(satisfaction))
		}
		thread, err := s.Messages(ctx, rc.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range thread {
			if strings.Contains(m.Body, "/tevredenheid/") {
				t.Fatalf("the agent's thread shows the resident's score links: %q", m.Body)
			}
		}
		token := strings.Fields(strings.SplitN(satisfaction[0].Body, "/tevredenheid/", 2)[1])[0]
		token, _, _ = strings.Cut(token, "?")
		if err := s.AnswerSatisfaction(ctx, token, 6, ""); !errors.Is(err, contact.ErrInvalid) {
			t.Fatalf("score 6: %v", err)
		}
		if err := s.AnswerSatisfaction(ctx, token, 4, "Snel geholpen"); err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerSatisfaction(ctx, strings.Repeat("x", 43), 4, ""); !errors.Is(err, contact.ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
	})
}

func TestReferencesAreUniqueUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		seen := map[string]bool{}
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rc, err := s.Intake(ctx, email(fmt.Sprintf("p%d@example.org", i%5), "Vraag", fmt.Sprintf("r%d@x", i), ""), settings)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if seen[rc.Reference] {
					t.Errorf("reference %s given twice", rc.Reference)
				}
				seen[rc.Reference] = true
			}()
		}
		wg.Wait()
	})
}

// BenchmarkIntake measures durable intake: each message is one committed transaction with its party,
// conversation, reference number, message and confirmation e-mail in the outbox.
func BenchmarkIntake(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n++
		in := email(fmt.Sprintf("p%d@example.org", n%1000), "Vraag over afval", fmt.Sprintf("bench-%d@example.org", n), "")
		if _, err := s.Intake(ctx, in, settings); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkIntakeParallel is intake from many SMTP sessions and form posts at once.
func BenchmarkIntakeParallel(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	var mu sync.Mutex
	n := 0
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			i := n
			mu.Unlock()
			in := email(fmt.Sprintf("p%d@example.org", i%1000), "Vraag", fmt.Sprintf("par-%d@example.org", i), "")
			if _, err := s.Intake(ctx, in, settings); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}
