package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/store"
)

// signInAgent signs the tab in as a contact-centre agent.
func signInInboxAgent(t *testing.T, ctx context.Context, site *Site) {
	t.Helper()
	email, password := addInboxAgent(t, site)
	open(t, ctx, site.URL+"/beheer/inloggen")
	follow(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
}

// pageReferences are the references of the inbox rows on screen, top to bottom.
func pageReferences(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return run(t, ctx, "read the rows", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('.inbox-table tbody td[data-label="Nummer"] a')).map(a => a.textContent.trim())`))
}

// TestInboxReachesMoreThan500OpenConversationsMostUrgentFirst: with 520 open e-mails (one a minute, the
// oldest due first) and one WhatsApp message that is due sooner than most of them, the inbox shows the most
// urgent first and every one of them is reachable page by page, none twice; the counter says 521; a
// reference typed in the search box finds its conversation.
func TestInboxReachesMoreThan500OpenConversationsMostUrgentFirst(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) { c.ContactHours = "altijd" })
	set := site.App.Contact.Settings()
	ctx := context.Background()
	t0 := time.Now().Add(-9 * time.Hour).Truncate(time.Minute)
	var refs []string
	for i := range 520 {
		rc, err := site.App.Store.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: fmt.Sprintf("Inwoner %d", i),
			Email: fmt.Sprintf("inwoner%d@example.org", i), Subject: fmt.Sprintf("Vraag %d", i), Text: "Graag antwoord.",
			ReceivedAt: t0.Add(time.Duration(i) * time.Minute)}, set)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, rc.Reference)
	}
	// An e-mail is due 8 hours after it arrived; a WhatsApp message after 1 hour. This one arrives at
	// t0+7h30 and is due at t0+8h30: after e-mail 30 (due t0+8h30, arrived first), before e-mail 31.
	wa, err := site.App.Store.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.inbox", From: "31612345678", Name: "Piet",
		Text: "Is mijn paspoort klaar?", At: t0.Add(7*time.Hour + 30*time.Minute)}, set)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append(append([]string{}, refs[:31]...), wa.Reference), refs[31:]...)

	tab := NewTab(t, 2*testTimeout)
	signInInboxAgent(t, tab, site)
	open(t, tab, site.URL+"/beheer/inbox")
	CheckAccessibility(t, tab, "inbox with 521 open conversations")
	if got := text(t, tab, ".inbox-tab--current .inbox-count"); got != "521" {
		t.Errorf("counter of the open conversations: %q, want 521", got)
	}
	var got []string
	for pages := 1; ; pages++ {
		got = append(got, pageReferences(t, tab)...)
		if !run(t, tab, "is there a next page", chromedp.Evaluate[bool](`document.querySelector('a.inbox-next') !== null`)) {
			break
		}
		if pages > 20 {
			t.Fatal("more than 20 pages")
		}
		follow(t, tab, "next page", chromedp.Click(chromedp.CSS("a.inbox-next")))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("%d conversations reached, first %v; want %d, first %v", len(got), got[:min(5, len(got))], len(want), want[:5])
	}

	open(t, tab, site.URL+"/beheer/inbox")
	follow(t, tab, "search by reference",
		chromedp.SendKeys(chromedp.CSS("#q"), strings.ToLower(refs[7])),
		chromedp.Submit(chromedp.CSS("#q")))
	if got := pageReferences(t, tab); len(got) != 1 || got[0] != refs[7] {
		t.Fatalf("searching %s: %v", refs[7], got)
	}
}

// TestTakeItYourselfAssignsTheAgent: "Zelf oppakken" on a conversation assigns the agent who clicks it,
// even with the colleague select on "Niemand" (before, the select won and nobody was assigned).
func TestTakeItYourselfAssignsTheAgent(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	rc, err := site.App.Contact.Ask(context.Background(), contact.Question{Name: "Anna de Vries", Email: "anna@example.org",
		Subject: "Container kapot", Message: "Mijn container is kapot."})
	if err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, testTimeout)
	signInInboxAgent(t, tab, site)
	open(t, tab, fmt.Sprintf("%s/beheer/gesprekken/%d", site.URL, rc.ConversationID))
	follow(t, tab, "take it yourself", chromedp.Click(chromedp.Search(`//button[normalize-space()="Zelf oppakken"]`)))
	c, err := site.App.Store.Conversation(context.Background(), rc.ConversationID)
	if err != nil {
		t.Fatal(err)
	}
	if c.AssigneeName != "Karin" || c.State != contact.StateOpen {
		t.Fatalf("after Zelf oppakken: assignee %q, state %s; want Karin, open", c.AssigneeName, c.State)
	}
	// The inbox's "Van mij" tab counts it and lists it.
	open(t, tab, site.URL+"/beheer/inbox?status=active&medewerker=ik")
	if got := pageReferences(t, tab); len(got) != 1 || got[0] != rc.Reference {
		t.Fatalf("Van mij lists %v, want %s", got, rc.Reference)
	}
	if got := text(t, tab, ".inbox-tab--current .inbox-count"); got != "1" {
		t.Errorf("Van mij counter: %q, want 1", got)
	}
}
