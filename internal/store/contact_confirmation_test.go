package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestConfirmationsAreLimited reproduces the backscatter of finding 2: every new e-mail or form question
// got a confirmation quoting the whole question, to whatever address it named. Now an address that has
// not written before gets only the first line quoted, an address gets at most 3 confirmations in 24 hours,
// and a message past its source's limit is stored without one.
func TestConfirmationsAreLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		set := contact.Settings{Mailer: contact.Mailer{Domain: "voorbeeld.nl", Municipality: "Gemeente Voorbeeld"}}
		n := 0
		ask := func(from, text string, skip bool) {
			t.Helper()
			n++
			in := contact.Inbound{Channel: contact.ChannelEmail, Email: from, Subject: fmt.Sprintf("Vraag %d", n), Text: text,
				MailID: fmt.Sprintf("m%d@example.org", n), SkipConfirmation: skip}
			if _, err := s.Intake(ctx, in, set); err != nil {
				t.Fatal(err)
			}
		}
		confirmations := func(to string) []string {
			t.Helper()
			due, err := s.ClaimOutbox(ctx, 100, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			var bodies []string
			for _, m := range due {
				if m.To == to {
					bodies = append(bodies, m.Body)
				}
			}
			return bodies
		}
		ask("nieuw@example.org", "Mijn container is niet geleegd.\nMijn adres is Dorpsstraat 1.\nMijn BSN is 123456782.", false)
		first := confirmations("nieuw@example.org")
		if len(first) != 1 || !strings.Contains(first[0], "> Mijn container is niet geleegd.") || strings.Contains(first[0], "BSN") {
			t.Fatalf("first confirmation to a new address: %q", first)
		}
		ask("nieuw@example.org", "Nog een vraag.\nOver de tweede regel.", false)
		second := confirmations("nieuw@example.org")
		if len(second) != 1 || !strings.Contains(second[0], "> Over de tweede regel.") {
			t.Fatalf("an address that wrote before gets the whole question: %q", second)
		}
		for range 5 {
			ask("slachtoffer@example.org", "Vraag", false)
		}
		if got := len(confirmations("slachtoffer@example.org")); got != 3 {
			t.Fatalf("5 questions naming one address: %d confirmations, want 3", got)
		}
		ask("ander@example.org", "Vraag", true)
		if got := len(confirmations("ander@example.org")); got != 0 {
			t.Fatalf("past the source's limit: %d confirmations, want 0", got)
		}
	})
}
