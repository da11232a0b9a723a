package browsertest

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/contact"
	"loket/internal/identity/identitytest"
	"loket/internal/store"
)

// TestMijnLoketShowsQuestionsOnEveryChannel: Jan e-mailed a question and sent a WhatsApp message without
// logging in. An agent links the WhatsApp conversation to his BSN with a reason (audited); Jan logs in
// with DigiD, sees it, links his e-mail address with the code loket mails him, then sees his e-mail
// question too, reads the thread and replies, and the reply is in the agent's conversation.
func TestMijnLoketShowsQuestionsOnEveryChannel(t *testing.T) {
	ls := startLoginSite(t)
	ctx := context.Background()
	mailed, err := ls.App.Contact.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Jan Jansen", Email: "jan@example.nl",
		Subject: "Grofvuil ophalen", Text: "Wanneer halen jullie mijn oude bank op?", MailID: "bank@example.nl"})
	if err != nil {
		t.Fatal(err)
	}
	someoneElse, err := ls.App.Contact.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Piet", Email: "piet@example.nl",
		Subject: "Paspoort verloren", Text: "Mijn paspoort is weg.", MailID: "paspoort@example.nl"})
	if err != nil {
		t.Fatal(err)
	}
	wa, err := ls.App.Store.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.jan1", From: "31612345678", Name: "Jan",
		Text: "Is de milieustraat zaterdag open?"}, ls.App.Contact.Settings())
	if err != nil {
		t.Fatal(err)
	}

	// The agent links the WhatsApp conversation to Jan's BSN, after checking who it is.
	agent := NewTab(t, 2*testTimeout)
	signInAgent(t, ls.Site, agent, "kcc@voorbeeld.nl", "Kim")
	open(t, agent, ls.URL+"/beheer/gesprekken/"+itoa(wa.ConversationID))
	do(t, agent, "open the link form", chromedp.Click(chromedp.CSS(".conversation__person-link summary")))
	do(t, agent, "type the BSN and a too short reason", chromedp.SendKeys(chromedp.CSS("#koppel-nummer"), identitytest.ResidentBSN),
		chromedp.SendKeys(chromedp.CSS("#koppel-reden"), "kort"))
	followTo(t, agent, "link without a reason", 422, chromedp.Click(chromedp.CSS("#koppelen")))
	if got := text(t, agent, "#koppel-reden-fout"); !strings.Contains(got, "10 tot 500 tekens") {
		t.Errorf("short reason: %q", got)
	}
	do(t, agent, "a real reason", chromedp.SendKeys(chromedp.CSS("#koppel-reden"), " - gebeld, naam en geboortedatum gecontroleerd"))
	follow(t, agent, "link", chromedp.Click(chromedp.CSS("#koppelen")))
	if got := text(t, agent, "#koppeling-gelukt"); got != "Het gesprek is gekoppeld." {
		t.Errorf("after linking: %q", got)
	}
	CheckAccessibility(t, agent, "conversation with the link form")
	audit, err := ls.App.Store.AuditEntries(ctx, store.AuditFilter{Action: "link_conversation_person", ObjectID: wa.Reference})
	if err != nil || len(audit) != 1 || audit[0].Actor != "kcc@voorbeeld.nl" || !strings.Contains(audit[0].Detail, "geboortedatum gecontroleerd") {
		t.Errorf("audit of the link: %+v %v", audit, err)
	}

	// Jan logs in: the linked WhatsApp question is there; his e-mail question not yet.
	tab := NewTab(t, 3*testTimeout)
	open(t, tab, ls.URL+"/inloggen?terug=/mijn-loket")
	do(t, tab, "choose DigiD", chromedp.Click(chromedp.CSS("#inloggen-digid")))
	if got := ls.brokerLogin(t, tab, "jan", "midden"); got != "/mijn-loket" {
		t.Fatalf("after login at %s", got)
	}
	if got := text(t, tab, ".mijn-loket__questions"); !strings.Contains(got, wa.Reference) || !strings.Contains(got, "WhatsApp") ||
		strings.Contains(got, mailed.Reference) {
		t.Fatalf("questions before linking the address: %q, want only the WhatsApp one", got)
	}
	do(t, tab, "type the address", chromedp.SendKeys(chromedp.CSS("#adres-email"), "jan@example.nl"))
	follow(t, tab, "ask for a code", chromedp.Click(chromedp.CSS("#adres-koppelen")))
	if got := text(t, tab, ".mijn-loket__address-state"); got != "wacht op de code" {
		t.Errorf("address before the code: %q", got)
	}
	if got := text(t, tab, ".mijn-loket__questions"); strings.Contains(got, mailed.Reference) {
		t.Fatal("the e-mail question shows before the code was given")
	}
	mails, err := ls.App.Store.RequestMails(ctx, "jan@example.nl")
	if err != nil || len(mails) != 1 {
		t.Fatalf("code mail: %d %v", len(mails), err)
	}
	code := regexp.MustCompile(`Uw code is: (\d{6})`).FindStringSubmatch(mails[0].Body)
	if code == nil {
		t.Fatalf("no code in %q", mails[0].Body)
	}
	CheckAccessibility(t, tab, "Mijn loket waiting for the code")
	do(t, tab, "type the code", chromedp.SendKeys(chromedp.CSS(".mijn-loket__addresses input[name=code]"), code[1]))
	follow(t, tab, "confirm", chromedp.Click(chromedp.CSS(".mijn-loket__addresses button[id^=bevestigen]")))
	if got := text(t, tab, ".mijn-loket__address-state"); got != "gekoppeld" {
		t.Errorf("address after the code: %q", got)
	}
	got := text(t, tab, ".mijn-loket__questions")
	if !strings.Contains(got, mailed.Reference) || !strings.Contains(got, "Grofvuil ophalen") || strings.Contains(got, someoneElse.Reference) {
		t.Fatalf("questions after linking: %q, want the e-mail question and not Piet's", got)
	}
	CheckAccessibility(t, tab, "Mijn loket with questions")

	// The thread, and a reply from Mijn loket.
	follow(t, tab, "open the e-mail question", chromedp.Click(chromedp.CSS(`.mijn-loket__questions a[href="/mijn-loket/vragen/`+itoa(mailed.ConversationID)+`"]`)))
	if got := text(t, tab, ".mijn-vraag__thread"); !strings.Contains(got, "Wanneer halen jullie mijn oude bank op?") {
		t.Errorf("thread: %q", got)
	}
	followTo(t, tab, "send nothing", 422, chromedp.Click(chromedp.CSS("#bericht-versturen")))
	if got := text(t, tab, "#bericht-fout"); got != "Typ eerst uw bericht." {
		t.Errorf("empty reply: %q", got)
	}
	do(t, tab, "write", chromedp.SendKeys(chromedp.CSS("#bericht"), "Het gaat om een bank en twee stoelen."))
	follow(t, tab, "send", chromedp.Click(chromedp.CSS("#bericht-versturen")))
	if got := text(t, tab, ".mijn-vraag__thread"); !strings.Contains(got, "Het gaat om een bank en twee stoelen.") {
		t.Errorf("thread after the reply: %q", got)
	}
	CheckAccessibility(t, tab, "question page")
	msgs, err := ls.App.Store.Messages(ctx, mailed.ConversationID)
	if err != nil || len(msgs) < 2 || msgs[len(msgs)-1].Body != "Het gaat om een bank en twee stoelen." || msgs[len(msgs)-1].Kind != contact.KindIn {
		t.Errorf("the agent's conversation does not have the reply as the resident's: %+v %v", msgs, err)
	}
	// Both pages fit a phone (390 px) without scrolling sideways.
	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, u := range []string{"/mijn-loket/vragen/" + itoa(mailed.ConversationID), "/mijn-loket"} {
		open(t, tab, ls.URL+u)
		w := run(t, tab, "measure "+u, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
		if w[0] > w[1] {
			t.Errorf("%s scrolls sideways on a phone: %d pixels in %d", u, w[0], w[1])
		}
	}
	// Piet's question is not reachable by its number either.
	followTo(t, tab, "someone else's question", 404, chromedp.Navigate(ls.URL+"/mijn-loket/vragen/"+itoa(someoneElse.ConversationID)))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
