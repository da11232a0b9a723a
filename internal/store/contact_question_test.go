package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestClosedQuestionsWithoutSuggestionFeedTheContentGaps: a conversation an agent answered without a
// suggested article adds its words, without name, number or address, to the gaps once; one answered from a
// suggestion, or closed without any answer, adds nothing.
func TestClosedQuestionsWithoutSuggestionFeedTheContentGaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ask := func(name, subject, text string) int64 {
			rc, err := s.Intake(ctx, contact.Question{Name: name, Email: "jan.devries@example.org", Subject: subject, Message: text}.Inbound(), settings)
			if err != nil {
				t.Fatal(err)
			}
			return rc.ConversationID
		}
		reply := func(id int64, suggestion, state string) {
			if _, err := s.AddReply(ctx, id, store.Reply{Author: "agent@voorbeeld.nl", Text: "Antwoord", Suggestion: suggestion, State: state}, settings); err != nil {
				t.Fatal(err)
			}
		}
		gap := ask("Jan de Vries", "Container op de stoep",
			"Mijn buurman Karel laat zijn container al 3 weken op de stoep staan. Bel 0612345678 of mail jan.devries@example.org. Jan")
		reply(gap, "", contact.StateClosed)
		// Reopened and closed again: still one question.
		if err := s.SetConversationState(ctx, gap, contact.StateOpen, settings); err != nil {
			t.Fatal(err)
		}
		if err := s.SetConversationState(ctx, gap, contact.StateClosed, settings); err != nil {
			t.Fatal(err)
		}
		answered := ask("Jan de Vries", "Paspoort verlopen", "Hoe vraag ik een nieuw paspoort aan?")
		reply(answered, "paspoort", contact.StateClosed)
		spam := ask("Jan de Vries", "Gratis aanbieding", "Koop nu goedkope horloges")
		if err := s.SetConversationState(ctx, spam, contact.StateClosed, settings); err != nil {
			t.Fatal(err)
		}
		open := ask("Jan de Vries", "Boom gevallen", "Er ligt een omgevallen boom over het fietspad")
		reply(open, "", contact.StateWaiting)

		today := insight.Day(time.Now())
		qs, err := s.Questions(ctx, today, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 1 {
			t.Fatalf("%d questions stored, want 1 (the closed one answered without a suggestion): %+v", len(qs), qs)
		}
		words := qs[0].Words
		for _, want := range []string{"container", "stoep", "buurman", "weken"} {
			if !slices.Contains(words, want) {
				t.Errorf("word %q missing from %v", want, words)
			}
		}
		for _, w := range words {
			if strings.ContainsAny(w, "0123456789@") || slices.Contains([]string{"jan", "vries", "karel", "devries"}, w) {
				t.Errorf("personal data kept as a word: %q in %v", w, words)
			}
		}
		if qs[0].Channel != contact.ChannelForm {
			t.Errorf("channel %q, want form", qs[0].Channel)
		}
	})
}
