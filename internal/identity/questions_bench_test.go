package identity_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// BenchmarkMijnLoketQuestions is what Mijn loket asks for the questions of a person: the conversations
// linked to them and those from their confirmed e-mail address, among 3,000 conversations of others.
func BenchmarkMijnLoketQuestions(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			st := storetest.Open(b, dialect)
			p := identitytest.Broker(b, callback, afterLogout, false)
			svc, err := identity.NewService(st, identitytest.Settings(p, callback, afterLogout), nil)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			q := svc.NewQuestions(st, nil)
			links := svc.NewLinks(st)
			jan := identity.Person{Means: identity.DigiD, BSN: identitytest.ResidentBSN}
			for i := range 3000 {
				from := fmt.Sprintf("inwoner%d@example.nl", i%500)
				if i%150 == 0 {
					from = "jan@example.nl"
				}
				in := contact.Inbound{Channel: contact.ChannelEmail, Email: from, Subject: fmt.Sprintf("Vraag %d", i),
					Text: "Tekst", MailID: fmt.Sprintf("m%d@example.nl", i), ReceivedAt: time.Now()}
				if i%600 == 1 { // asked while logged in
					in.Owner = links.OwnerOf(jan)
				}
				if _, err := st.Intake(ctx, in, contactSettings); err != nil {
					b.Fatal(err)
				}
			}
			if err := q.StartAddress(ctx, jan, "jan@example.nl"); err != nil {
				b.Fatal(err)
			}
			addrs, _ := q.Addresses(ctx, jan)
			if err := q.ConfirmAddress(ctx, jan, addrs[0].ID, codeMailed(b, st, "jan@example.nl")); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				ids, err := q.Mine(ctx, jan)
				if err != nil || len(ids) != 25 { // 3000/150 = 20 from the address, 3000/600 = 5 linked
					b.Fatalf("%d questions, %v; want 25", len(ids), err)
				}
			}
		})
	}
}
