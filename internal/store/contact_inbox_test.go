package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// alwaysOpen counts service levels in wall-clock time, so the due times below are plain additions.
var alwaysOpen = contact.Settings{Mailer: settings.Mailer, Levels: contact.ServiceLevels{Hours: calendar.AlwaysOpen(), Targets: contact.DefaultTargets}}

// inboxPages follows Next from the first page and returns every conversation id in order.
func inboxPages(t *testing.T, s *store.Store, q contact.InboxQuery) []int64 {
	t.Helper()
	var ids []int64
	for pages := 0; ; pages++ {
		nq, err := q.Normalize()
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Inbox(context.Background(), nq)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Conversations {
			ids = append(ids, c.ID)
		}
		if page.Next.IsZero() || pages > 1000 {
			return ids
		}
		q.After = page.Next
	}
}

func TestInboxReachesEveryConversationInOrderOfUrgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		// 505 e-mails, one a minute from t0: each is due 8 hours after it arrived (first answer, email).
		byArrival := make([]int64, 0, 506)
		for i := range 505 {
			in := email(fmt.Sprintf("r%d@example.org", i), fmt.Sprintf("Vraag %d", i), "", "")
			in.ReceivedAt = t0.Add(time.Duration(i) * time.Minute)
			rc, err := s.Intake(ctx, in, alwaysOpen)
			if err != nil {
				t.Fatal(err)
			}
			byArrival = append(byArrival, rc.ConversationID)
		}
		// A WhatsApp message last of all at t0+10h is due after one hour, t0+11h: it goes before the
		// e-mails that arrived after t0+3h (due after t0+11h), that is after e-mail 180 (t0+3h00 → due t0+11h00,
		// same due time, lower id first).
		wa, err := s.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.1", From: "31612345678", Name: "Piet", Text: "Hallo",
			At: t0.Add(10 * time.Hour)}, alwaysOpen)
		if err != nil {
			t.Fatal(err)
		}
		want := append(append(append([]int64{}, byArrival[:181]...), wa.ConversationID), byArrival[181:]...)
		got := inboxPages(t, s, contact.InboxQuery{State: contact.StateActive, Limit: 50})
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("by due time: got %d conversations %v…, want %d %v…", len(got), firstIDs(got), len(want), firstIDs(want))
		}
		if got := inboxPages(t, s, contact.InboxQuery{State: contact.StateNew, Sort: contact.SortOldest, Limit: 37}); fmt.Sprint(got) != fmt.Sprint(append(byArrival, wa.ConversationID)) {
			t.Fatalf("oldest first: %d conversations", len(got))
		}
		newest := inboxPages(t, s, contact.InboxQuery{Sort: contact.SortNewest, Limit: 200})
		if len(newest) != 506 || newest[0] != wa.ConversationID || newest[505] != byArrival[0] {
			t.Fatalf("newest first: %d conversations, first %d last %d", len(newest), newest[0], newest[len(newest)-1])
		}
		// Answering the most urgent e-mail moves it to waiting: it leaves the head of the queue.
		if _, err := s.AddReply(ctx, byArrival[0], store.Reply{Author: "kcc@voorbeeld.nl", Text: "Antwoord"}, alwaysOpen); err != nil {
			t.Fatal(err)
		}
		page, err := s.Inbox(ctx, mustNormalize(t, contact.InboxQuery{State: contact.StateActive, Limit: 1}))
		if err != nil || page.Conversations[0].ID != byArrival[1] {
			t.Fatalf("after answering the first: %+v %v", page.Conversations, err)
		}
		counts, err := s.InboxCounts(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if counts.State[contact.StateNew] != 505 || counts.State[contact.StateWaiting] != 1 || counts.Channel[contact.ChannelEmail] != 505 ||
			counts.Channel[contact.ChannelWhatsApp] != 1 || counts.Nobody != 506 {
			t.Fatalf("counts: %+v", counts)
		}
	})
}

func TestInboxSearchByReferenceAddressPhoneAndWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, _ := s.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Anna de Vries", Email: "anna@example.org",
			Subject: "Afval", Text: "Mijn container is niet geleegd in de Kerkstraat."}, alwaysOpen)
		b, _ := s.Intake(ctx, contact.Inbound{Channel: contact.ChannelForm, Name: "Bram Jansen", Email: "bram@example.org",
			Subject: "Parkeren", Text: "Hoe vraag ik een parkeervergunning aan?"}, alwaysOpen)
		w, _ := s.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.2", From: "31612345678", Name: "Cor", Text: "Paspoort verlopen"}, alwaysOpen)
		// A reply's text is searchable too.
		if _, err := s.AddReply(ctx, a.ConversationID, store.Reply{Author: "kcc@voorbeeld.nl", Text: "We komen donderdag langs."}, alwaysOpen); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q    string
			want []int64
		}{
			{b.Reference, []int64{b.ConversationID}},
			{"ANNA@example.org", []int64{a.ConversationID}},
			{"06-12345678", []int64{w.ConversationID}},
			{"Jansen", []int64{b.ConversationID}},
			{"parkeer", []int64{b.ConversationID}},              // the start of a word
			{"kerkstraat container", []int64{a.ConversationID}}, // every word
			{"donderdag", []int64{a.ConversationID}},            // in the reply
			{"paspoort", []int64{w.ConversationID}},
			{"kerkstraat parkeren", nil},
			{`" OR 1=1 --`, nil},
		} {
			got := inboxPages(t, s, contact.InboxQuery{Text: tc.q, Sort: contact.SortOldest})
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("search %q: %v, want %v", tc.q, got, tc.want)
			}
		}
	})
}

func mustNormalize(t *testing.T, q contact.InboxQuery) contact.InboxQuery {
	t.Helper()
	q, err := q.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func firstIDs(ids []int64) []int64 { return ids[:min(len(ids), 5)] }

func TestInboxSearchForACommonWordPagesInOrder(t *testing.T) {
	defer store.SetSparseMatches(3)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		// 12 questions, one an hour; every third is about "paspoort". In order of due time (arrival + 8h)
		// the paspoort ones are 0, 3, 6 and 9.
		var want []int64
		for i := range 12 {
			topic := "afval"
			if i%3 == 0 {
				topic = "paspoort"
			}
			in := email(fmt.Sprintf("p%d@example.org", i), "Vraag over "+topic, "", "")
			in.ReceivedAt = t0.Add(time.Duration(i) * time.Hour)
			rc, err := s.Intake(ctx, in, alwaysOpen)
			if err != nil {
				t.Fatal(err)
			}
			if i%3 == 0 {
				want = append(want, rc.ConversationID)
			}
		}
		for _, text := range []string{"paspoort", "paspo"} { // a whole word, and the start of one
			got := inboxPages(t, s, contact.InboxQuery{Text: text, State: contact.StateActive, Limit: 3})
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%q, matching more than the sparse limit: %v, want %v", text, got, want)
			}
		}
	})
}
