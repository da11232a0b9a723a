package webhook_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"loket/internal/channel/whatsapp"
	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/web/ratelimit"
	"loket/internal/web/webhook"
)

// recorded keeps the insight events the contact service records.
type recorded struct {
	mu   sync.Mutex
	list []insight.Event
}

func (r *recorded) Record(e insight.Event) { r.mu.Lock(); r.list = append(r.list, e); r.mu.Unlock() }

func (r *recorded) contacts() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.list {
		if e.Type == insight.TypeContact && e.Channel == insight.ChannelWhatsApp {
			n++
		}
	}
	return n
}

// TestWhatsAppWebhookGoesThroughTheContactService posts signed deliveries to the webhook with the contact
// service as its intake: a new question from one resident and an image from another are two WhatsApp
// contacts counted by the service; Meta delivering the same body again and a second message from the
// first resident in her open conversation count nothing more. Every message is stored the moment the
// webhook answers 200.
func TestWhatsAppWebhookGoesThroughTheContactService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ev := &recorded{}
		svc := contact.NewService(contact.Options{Store: s, Events: ev, Settings: contact.Settings{Levels: contact.DefaultServiceLevels()}})
		h := webhook.New(webhook.Deps{Store: s, Intake: svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))},
			webhook.Settings{AppSecret: "app-geheim"}, ratelimit.New(600, 200, time.Minute))
		mux := http.NewServeMux()
		h.Routes(mux)
		post := func(body string) {
			t.Helper()
			req := httptest.NewRequest("POST", "/webhooks/whatsapp", bytes.NewReader([]byte(body)))
			req.Header.Set("X-Hub-Signature-256", whatsapp.Sign("app-geheim", []byte(body)))
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("delivery answered %d %q, want 200", rec.Code, rec.Body.String())
			}
		}
		first := `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[` +
			`{"from":"31600000011","id":"wamid.vraag","timestamp":"1749416383","type":"text","text":{"body":"Wanneer wordt het grofvuil opgehaald?"}},` +
			`{"from":"31600000012","id":"wamid.foto","timestamp":"1749416384","type":"image"}]}}]}]}`
		post(first)
		post(first) // Meta's retry of the same body
		post(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[` +
			`{"from":"31600000011","id":"wamid.nogeen","timestamp":"1749416390","type":"text","text":{"body":"Het gaat om een bank."}}]}}]}]}`)

		convs, err := s.Conversations(t.Context(), store.ConversationFilter{Channel: contact.ChannelWhatsApp})
		if err != nil || len(convs) != 2 {
			t.Fatalf("%d WhatsApp conversations (%v), want one per resident", len(convs), err)
		}
		var messages int
		var image bool
		for _, c := range convs {
			msgs, err := s.Messages(t.Context(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			messages += len(msgs)
			for _, m := range msgs {
				image = image || m.Body == "[Een bericht van het type image. loket kan dit nog niet tonen; vraag de inwoner het als tekst te sturen.]"
			}
		}
		if messages != 3 || !image {
			t.Errorf("stored %d messages (image placeholder %v), want 3: the retry stored once", messages, image)
		}
		if n := ev.contacts(); n != 2 {
			t.Errorf("%d WhatsApp contacts recorded, want 2 (two new questions; the retry and the follow-up are none)", n)
		}
	})
}
