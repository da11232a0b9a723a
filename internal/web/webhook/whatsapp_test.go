package webhook_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loket/internal/channel/whatsapp"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/web/ratelimit"
	"loket/internal/web/webhook"
)

// TestOneBadTextDoesNotLoseTheDelivery reproduces finding 1 through the webhook itself, on both databases:
// one delivery holds a normal question from one resident and a 9,000-byte text and a text of only
// non-breaking spaces from two others. Before, the whole delivery got 400 on every retry and all three
// were lost. Now it is answered 200, all three are stored, and the two changed texts tell the agent so.
func TestOneBadTextDoesNotLoseTheDelivery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := contact.NewService(contact.Options{Store: s, Settings: contact.Settings{Levels: contact.DefaultServiceLevels()}})
		h := webhook.New(webhook.Deps{Store: s, Intake: svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))},
			webhook.Settings{AppSecret: "app-geheim"}, ratelimit.New(600, 200, time.Minute))
		mux := http.NewServeMux()
		h.Routes(mux)
		long := strings.Repeat("a", 9000)
		body := `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[` +
			`{"from":"31600000001","id":"wamid.een","timestamp":"1749416383","type":"text","text":{"body":"Is het milieustraat zaterdag open?"}},` +
			`{"from":"31600000002","id":"wamid.twee","timestamp":"1749416384","type":"text","text":{"body":"` + long + `"}},` +
			`{"from":"31600000003","id":"wamid.drie","timestamp":"1749416385","type":"text","text":{"body":"\u00a0\u00a0"}}]}}]}]}`
		req := httptest.NewRequest("POST", "/webhooks/whatsapp", bytes.NewReader([]byte(body)))
		req.Header.Set("X-Hub-Signature-256", whatsapp.Sign("app-geheim", []byte(body)))
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("delivery answered %d %q, want 200", rec.Code, rec.Body.String())
		}
		convs, err := s.Conversations(t.Context(), store.ConversationFilter{Channel: contact.ChannelWhatsApp})
		if err != nil || len(convs) != 3 {
			t.Fatalf("%d WhatsApp conversations (%v), want one per resident", len(convs), err)
		}
		var texts []string
		for _, c := range convs {
			msgs, err := s.Messages(t.Context(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				texts = append(texts, m.Body)
			}
		}
		var normal, cut, blank bool
		for _, body := range texts {
			normal = normal || body == "Is het milieustraat zaterdag open?"
			cut = cut || (strings.HasPrefix(body, long[:8192]) && strings.Contains(body, "ingekort"))
			blank = blank || strings.Contains(body, "geen leesbare tekst")
		}
		if !normal || !cut || !blank {
			t.Fatalf("stored: normal %v, cut with a note %v, blank with a note %v (%d messages)", normal, cut, blank, len(texts))
		}
	})
}
