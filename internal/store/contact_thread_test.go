package store_test

import (
	"context"
	"testing"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestThreadingStaysWithTheSender reproduces finding 9: a mail whose In-Reply-To named a message of
// another resident's thread joined that conversation, and a second sender reusing a Message-ID got 250
// and was dropped. Both now stay with their own sender, and each message keeps its sender's address.
func TestThreadingStaysWithTheSender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := contact.Settings{Mailer: contact.Mailer{Domain: "voorbeeld.nl"}}
		anna, err := s.Intake(ctx, email("anna@example.org", "Bijstand", "anna-1@example.org", ""), set)
		if err != nil {
			t.Fatal(err)
		}
		// Anna's own follow-up joins her conversation.
		follow, err := s.Intake(ctx, email("anna@example.org", "Re: Bijstand", "anna-2@example.org", "anna-1@example.org"), set)
		if err != nil || follow.ConversationID != anna.ConversationID || follow.New {
			t.Fatalf("Anna's follow-up: %+v %v", follow, err)
		}
		// Mallory names Anna's Message-ID: a conversation of her own, not Anna's.
		mal, err := s.Intake(ctx, email("mallory@example.net", "Re: Bijstand", "mal-1@example.net", "anna-1@example.org"), set)
		if err != nil || mal.ConversationID == anna.ConversationID || !mal.New {
			t.Fatalf("a stranger's In-Reply-To joined Anna's conversation: %+v %v", mal, err)
		}
		// Mallory reuses Anna's Message-ID: stored as Mallory's message, not dropped as a duplicate.
		reuse, err := s.Intake(ctx, email("mallory@example.net", "Andere vraag", "anna-1@example.org", ""), set)
		if err != nil || reuse.Duplicate || reuse.ConversationID == anna.ConversationID {
			t.Fatalf("a reused Message-ID from another sender: %+v %v", reuse, err)
		}
		// The same mail from Anna delivered again is still one message.
		again, err := s.Intake(ctx, email("anna@example.org", "Bijstand", "anna-1@example.org", ""), set)
		if err != nil || !again.Duplicate || again.MessageID != anna.MessageID {
			t.Fatalf("Anna's mail delivered twice: %+v %v", again, err)
		}
		msgs, err := s.Messages(ctx, anna.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Kind == contact.KindIn && m.From != "anna@example.org" {
				t.Errorf("message %d in Anna's conversation is from %q", m.ID, m.From)
			}
		}
	})
}
