package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/insight"
	"loket/internal/store"
)

// startInboxSite is StartDemo with the outbox sending through a capturing SMTP relay, so an agent's reply
// really goes out and its delivery state changes.
func startInboxSite(t *testing.T) (*Site, *mailtest.Relay) {
	t.Helper()
	relay := mailtest.StartRelay(t)
	site := StartDemo(t, store.SQLite, func(c *config.Config) {
		c.SMTPRelay, c.Security.SMTPRelayTLS = relay.Addr, "off" // the test relay speaks plain SMTP on loopback
	})
	return site, relay
}

// typeQuestion fills in the subject and question of the contact form and waits for "Misschien helpt dit u
// al" with at least one suggested answer.
func typeQuestion(t *testing.T, ctx context.Context, subject, question string) {
	t.Helper()
	do(t, ctx, "type the question",
		chromedp.SendKeys(chromedp.CSS("#onderwerp"), subject),
		chromedp.SendKeys(chromedp.CSS("#vraag"), question))
	waitFor(t, ctx, "suggested answers while typing",
		`!document.getElementById("misschien").hidden && document.querySelectorAll("#misschien-lijst a").length > 0`)
	if got := text(t, ctx, "#misschien h2"); got != "Misschien helpt dit u al" {
		t.Errorf("suggestions heading: %q", got)
	}
}

// formEvents rolls up the insight events and returns the contact-form counts of today.
func formEvents(t *testing.T, site *Site) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	if err := site.App.Insight.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.RollupInsight(ctx); err != nil {
		t.Fatal(err)
	}
	today := insight.Day(time.Now())
	n, err := site.App.Store.EventTotals(ctx, insight.ChannelForm, today, today,
		insight.TypeFormStarted, insight.TypeFormSent, insight.TypeFormDeflected)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInboxJourney: a resident types a question, sees suggested answers, once leaves after opening one
// (deflection) and once sends the form and sees the reference number; an agent opens the conversation from
// the inbox, inserts a suggested answer with one click, edits it and sends it, and sees it delivered.
// The contact form, the inbox and the conversation pass axe-core.
func TestInboxJourney(t *testing.T) {
	site, relay := startInboxSite(t)
	ctx := NewTab(t, 2*testTimeout)

	// Deflection: a suggested answer opened and the form left unsent.
	open(t, ctx, site.URL+"/contact")
	CheckAccessibility(t, ctx, "contact form")
	typeQuestion(t, ctx, "Paspoort kwijt", "Ik ben mijn paspoort kwijt. Wat moet ik nu doen?")
	CheckAccessibility(t, ctx, "contact form with suggestions")
	do(t, ctx, "open a suggested answer", chromedp.Click(chromedp.CSS("#misschien-lijst a")))
	open(t, ctx, site.URL+"/")
	deadline := time.Now().Add(10 * time.Second)
	for n := formEvents(t, site); n[insight.TypeFormDeflected] != 1 || n[insight.TypeFormStarted] != 1; n = formEvents(t, site) {
		if time.Now().After(deadline) {
			t.Fatalf("after leaving with a suggestion: %v, want 1 started and 1 deflected", n)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Sending: the reference number after the commit.
	open(t, ctx, site.URL+"/contact")
	do(t, ctx, "fill in name and e-mail",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Fatima Yilmaz"),
		chromedp.SendKeys(chromedp.CSS("#email"), "fatima@example.org"))
	typeQuestion(t, ctx, "Paspoort kwijt", "Ik ben mijn paspoort kwijt. Wat moet ik nu doen?")
	follow(t, ctx, "send the question", chromedp.Click(chromedp.CSS(`form.contact-form button[type="submit"]`)))
	reference := text(t, ctx, ".contact-reference")
	if !strings.HasPrefix(reference, "VB-C-") {
		t.Fatalf("reference number on screen: %q", reference)
	}
	CheckAccessibility(t, ctx, "question sent")
	if n := formEvents(t, site); n[insight.TypeFormSent] != 1 || n[insight.TypeFormStarted] != 2 || n[insight.TypeFormDeflected] != 1 {
		t.Errorf("after sending: %v, want 2 started, 1 sent, 1 deflected", n)
	}

	// The agent answers from the inbox.
	email, password := addInboxAgent(t, site)
	open(t, ctx, site.URL+"/beheer/inloggen")
	follow(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, ctx, site.URL+"/beheer/inbox")
	CheckAccessibility(t, ctx, "inbox")
	path := follow(t, ctx, "open the conversation", chromedp.Click(chromedp.Search(`//a[text()="`+reference+`"]`)))
	if !strings.HasPrefix(path, "/beheer/gesprekken/") {
		t.Fatalf("the reference led to %s", path)
	}
	CheckAccessibility(t, ctx, "conversation")

	suggestionID := run(t, ctx, "read the first suggestion", chromedp.AttributeValue(chromedp.CSS("a[data-suggestion]"), "data-suggestion")).Value
	do(t, ctx, "insert the suggestion", chromedp.Click(chromedp.CSS("a[data-suggestion]")))
	if got := run(t, ctx, "where the agent is", chromedp.Location()); !strings.HasSuffix(got, path) {
		t.Fatalf("inserting the suggestion reloaded the page (%s): the script did not run", got)
	}
	inserted := run(t, ctx, "read the reply", chromedp.Value(chromedp.CSS("#tekst")))
	if !strings.Contains(inserted, "Meer informatie:") {
		t.Fatalf("reply after one click: %q, want the suggested answer", inserted)
	}
	if got := run(t, ctx, "read the suggestion used", chromedp.Value(chromedp.CSS("#suggestie"))); got != suggestionID {
		t.Errorf("suggestion used: %q, want %q", got, suggestionID)
	}
	const signature = "Met vriendelijke groet, Karin van het KCC"
	do(t, ctx, "edit the reply", chromedp.SendKeys(chromedp.CSS("#tekst"), "\n\n"+signature))
	follow(t, ctx, "send the reply", chromedp.Click(chromedp.CSS(`form[action$="/antwoord"] button[type="submit"]`)))
	if got := text(t, ctx, ".message--out .message__meta"); !strings.Contains(got, "gebaseerd op artikel "+suggestionID) {
		t.Errorf("the reply does not show the suggestion it started from: %q", got)
	}

	relay.WaitFor(t, 15*time.Second, func(m mailtest.Message) bool { return strings.Contains(string(m.Raw), "Karin van het KCC") })
	deadline = time.Now().Add(10 * time.Second)
	for {
		open(t, ctx, site.URL+path)
		if got := text(t, ctx, ".message--out .message__delivery"); strings.Contains(got, "verstuurd") && !strings.Contains(got, "niet") {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("delivery state of the reply: %q, want verstuurd", got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	CheckAccessibility(t, ctx, "conversation after the reply")
}

// addInboxAgent creates a contact-centre agent and returns its e-mail address and password.
func addInboxAgent(t *testing.T, site *Site) (string, string) {
	t.Helper()
	email, password := "kcc@voorbeeld.nl", auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	_, err = site.App.Store.AddStaffUser(context.Background(), store.StaffUser{
		Staff: auth.Staff{Email: email, Name: "Karin", Role: auth.RoleAgent}, Team: "Team Klantcontact", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	return email, password
}
