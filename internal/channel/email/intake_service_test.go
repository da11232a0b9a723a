package email_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"loket/internal/channel/email"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// recorded keeps the insight events the contact service records.
type recorded struct {
	mu   sync.Mutex
	list []insight.Event
}

func (r *recorded) Record(e insight.Event) { r.mu.Lock(); r.list = append(r.list, e); r.mu.Unlock() }

// contacts counts the contact events of one channel.
func (r *recorded) contacts(channel string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.list {
		if e.Type == insight.TypeContact && e.Channel == channel {
			n += max(int(e.N), 1)
		}
	}
	return n
}

// TestSMTPIntakeGoesThroughTheContactService sends a real SMTP conversation to the intake started by
// email.Start with the contact service's Intake. Two rules only the service applies are seen: the new
// question is counted as one e-mail contact, and the 2 kB attachment past a 1 kB quota is left out with
// the service's note. The message is in the database the moment the client has its 250: the answer came
// after the commit.
func TestSMTPIntakeGoesThroughTheContactService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cfg := config.Config{SMTPAddr: "127.0.0.1:0", SMTPRecipients: []string{"info@voorbeeld.nl"}, SMTPDomain: "voorbeeld.nl"}
		if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
			t.Fatal(err)
		}
		set := contactSettings(t)
		set.AttachmentQuota = 1 << 10
		ev := &recorded{}
		svc := contact.NewService(contact.Options{Store: st, Events: ev, Settings: set})
		es, err := email.Start(cfg, st, svc.Intake, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		defer es.Close()

		pdf := append([]byte("%PDF-1.4\n"), make([]byte, 2048-9)...)
		raw := withAttachment("scan.pdf", "application/pdf", pdf)
		if err := mailtest.Send(es.Addr(), "a@example.org", []string{"info@voorbeeld.nl"}, []byte(raw)); err != nil {
			t.Fatalf("SMTP intake refused the message: %v", err)
		}
		convs, err := st.Conversations(ctx, store.ConversationFilter{Channel: contact.ChannelEmail})
		if err != nil || len(convs) != 1 {
			t.Fatalf("%d e-mail conversations right after the 250 (%v), want 1", len(convs), err)
		}
		msgs, err := st.Messages(ctx, convs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var in contact.Message
		for _, m := range msgs {
			if m.Kind == contact.KindIn {
				in = m
			}
		}
		if len(in.Attachments) != 0 || !strings.Contains(in.Notes, `Bijlage "scan.pdf" is niet bewaard`) {
			t.Errorf("stored %d attachments with notes %q; want the 2 kB file left out by the service's 1 kB quota",
				len(in.Attachments), in.Notes)
		}
		if n := ev.contacts(insight.ChannelEmail); n != 1 {
			t.Errorf("%d e-mail contacts recorded, want 1 (the service counts the new question)", n)
		}
	})
}
