package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestContactIntakeIsStrict reproduces finding 16: POST /api/v1/contact took trailing garbage after the
// JSON and a text/plain body (what a cross-site form sends), stored control characters in the subject,
// and the rate-limited HTML form answered 422 as if the resident had made a mistake.
func TestContactIntakeIsStrict(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	var created struct {
		ConversationID int64 `json:"conversation_id"`
	}
	send := func(contentType, body string) int {
		resp, err := http.Post(srv.URL+"/api/v1/contact", contentType, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == 201 {
			json.NewDecoder(resp.Body).Decode(&created)
		}
		return resp.StatusCode
	}
	valid := `{"name":"Daan","email":"daan@example.org","subject":"Vraag\r\nBcc: x@example.org\u001b[31m","message":"Wanneer is het gemeentehuis open?"}`
	for name, c := range map[string]struct{ ct, body string }{
		"trailing garbage": {"application/json", valid + `{"name":"tweede"}`},
		"text after":       {"application/json", valid + ` en nog wat`},
		"text/plain":       {"text/plain", valid},
		"no content type":  {"", valid},
	} {
		if code := send(c.ct, c.body); code != 400 {
			t.Errorf("%s: %d, want 400", name, code)
		}
	}
	if code := send("application/json; charset=utf-8", valid+"\n"); code != 201 {
		t.Fatalf("a valid question: %d", code)
	}
	c, err := a.Store.Conversation(t.Context(), created.ConversationID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "Vraag  Bcc: x@example.org [31m" { // CR, LF and ESC each became a space
		t.Fatalf("stored subject %q: control characters kept", c.Subject)
	}

	// The HTML form past its limit (burst 30 per address) answers 429, not 422.
	last := 0
	for i := range 31 {
		resp, err := http.PostForm(srv.URL+"/contact", url.Values{"naam": {"Lotte"}, "email": {"lotte@example.org"},
			"onderwerp": {"Vraag"}, "vraag": {"Vraag nummer " + strings.Repeat("x", i)}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("the 31st form in a row: %d, want 429", last)
	}
}
