package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"loket/internal/channel/email/mailtest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestRequestMailIsDelivered checks that a request's confirmation leaves through the outbox's sender and
// reaches the relay, marked as an automatic message.
func TestRequestMailIsDelivered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		seedForms(t, site.App)
		today := time.Now()
		body := map[string]any{"product": "bezwaar-maken", "fields": map[string]string{
			"kenmerk_besluit": "Kapvergunning Dorpsstraat", "datum_besluit": today.AddDate(0, 0, -7).Format(time.DateOnly),
			"gaat_over_datum": "nee", "gronden": "De boom is gezond.", "horen": "nee", "naam": "Anna de Boer",
			"email": "anna@example.nl", "adres": "1234 AB 5"}}
		code, resp := postJSON(t, site.URL+"/api/v1/requests", body)
		var created struct {
			Reference string `json:"reference"`
		}
		if code != http.StatusCreated || json.Unmarshal([]byte(resp), &created) != nil {
			t.Fatalf("request: %d %s", code, resp)
		}
		msg := site.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return strings.Contains(string(m.Raw), created.Reference)
		})
		if len(msg.To) != 1 || msg.To[0] != "anna@example.nl" || !strings.Contains(string(msg.Raw), "Auto-Submitted: auto-") {
			t.Fatalf("confirmation mail to %v:\n%s", msg.To, msg.Raw)
		}
		// The relay answers before the sender records the delivery; give it a moment.
		deadline := time.Now().Add(5 * time.Second)
		for {
			mails, err := site.App.Store.RequestMails(t.Context(), "anna@example.nl")
			if err != nil || len(mails) != 1 {
				t.Fatalf("request mails %+v %v, want one", mails, err)
			}
			if !mails[0].SentAt.IsZero() {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the delivered confirmation is not marked as sent")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
