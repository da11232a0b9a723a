package app_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestConversationPageLeadsToTheWholeHistory: someone who wrote 60 times. The conversation page lists
// the last 50 of the other contacts and says so, with a link to the inbox searched on the person that
// holds all 60 (the page stopped at 50 without a word).
func TestConversationPageLeadsToTheWholeHistory(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	password, _ := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
	client := login(t, srv, "kcc@voorbeeld.nl", password)
	ctx := context.Background()
	var last contact.Receipt
	for i := range 60 {
		var err error
		last, err = a.Contact.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Vaak Schrijver", Email: "vaak@example.nl",
			Subject: fmt.Sprintf("Vraag nummer %02d", i), Text: "Tekst", MailID: fmt.Sprintf("vaak%d@example.nl", i)})
		if err != nil {
			t.Fatal(err)
		}
	}
	_, page := getPage(t, client, fmt.Sprintf("%s/beheer/gesprekken/%d", srv.URL, last.ConversationID))
	history := page[strings.Index(page, "Eerdere contacten"):]
	if n := strings.Count(history[:strings.Index(history, "</ul>")], "<li>"); n != 50 {
		t.Errorf("the page lists %d earlier contacts, want the last 50", n)
	}
	m := regexp.MustCompile(`Dit zijn de laatste 50. <a class="utrecht-link" href="([^"]+)">`).FindStringSubmatch(history)
	if m == nil {
		t.Fatal("the page does not say that it shows only the last 50")
	}
	reached := map[string]bool{}
	for u := html.UnescapeString(m[1]); u != ""; {
		code, inbox := getPage(t, client, srv.URL+u)
		if code != 200 {
			t.Fatalf("%s: %d", u, code)
		}
		for _, s := range regexp.MustCompile(`Vraag nummer (\d{2})`).FindAllStringSubmatch(inbox, -1) {
			reached[s[1]] = true
		}
		u = ""
		if n := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(inbox); n != nil {
			u = html.UnescapeString(n[1])
		}
	}
	if len(reached) != 60 {
		t.Errorf("the inbox searched on the person reaches %d of the 60 conversations", len(reached))
	}
}
