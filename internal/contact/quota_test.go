package contact_test

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

// TestAttachmentQuotaPerSender: with a budget of 1 MB (1,048,576 bytes) a day, a sender's first 600 kB
// (614,400-byte) attachment is kept and the second (1,228,800 > 1,048,576) is left out with a note; the
// message itself is stored. Another sender has a budget of their own. A day later (the service's clock
// moved 24 hours and a minute) the first sender's budget is whole again.
func TestAttachmentQuotaPerSender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := storetest.NewClock(time.Now())
		set := testSettings
		set.AttachmentQuota = 1 << 20
		svc := contact.NewService(contact.Options{Store: st, Settings: set, Now: clock.Now})
		pdf := func() []contact.Attachment {
			data := append([]byte("%PDF-1.4\n"), make([]byte, 600<<10-9)...)
			return []contact.Attachment{{Filename: "scan.pdf", ContentType: "application/pdf", Size: int64(len(data)), Data: data}}
		}
		var kept []int
		var notes []string
		for i, from := range []string{"a@example.org", "a@example.org", "b@example.org", "a@example.org"} {
			if i == 3 {
				clock.Add(24*time.Hour + time.Minute)
			}
			in := contact.Inbound{Channel: contact.ChannelEmail, Email: from, Subject: "Bezwaar", Text: "Zie bijlage",
				MailID: fmt.Sprintf("quota-%d@example.org", i), Attachments: pdf(), ReceivedAt: clock.Now()}
			rc, err := svc.Intake(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := st.Messages(ctx, rc.ConversationID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if m.ID == rc.MessageID {
					kept, notes = append(kept, len(m.Attachments)), append(notes, m.Notes)
				}
			}
		}
		if fmt.Sprint(kept) != "[1 0 1 1]" {
			t.Fatalf("kept %v attachments; want [1 0 1 1]", kept)
		}
		if !strings.Contains(notes[1], `"scan.pdf" is niet bewaard`) {
			t.Fatalf("no note for the agent: %q", notes[1])
		}
		used, err := st.AttachmentBytesFrom(ctx, "A@example.org", clock.Now().Add(-time.Hour))
		if err != nil || used != 600<<10 {
			t.Fatalf("a@ used %d bytes in the last hour (%v), want 614400", used, err)
		}
	})
}

var _ contact.Store = (*store.Store)(nil)
