package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
)

// signInAgent adds an agent and signs them in in the tab.
func signInAgent(t *testing.T, site *Site, tab context.Context, email, name string) {
	t.Helper()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: name,
		Role: auth.RoleAgent}, Team: "Team Klantcontact", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
}

// startResidentChat opens the widget on a page and starts a chat with the question.
func startResidentChat(t *testing.T, site *Site, tab context.Context, question string) {
	t.Helper()
	open(t, tab, site.URL+"/")
	do(t, tab, "open the chat", chromedp.Click(chromedp.CSS("#chat-open")))
	waitFor(t, tab, "the start form", `!document.getElementById("chat-start-form").hidden`)
	do(t, tab, "ask", chromedp.SendKeys(chromedp.CSS("#chat-question"), question),
		chromedp.Click(chromedp.CSS(`#chat-start-form button[type=submit]`)))
	waitFor(t, tab, "in the queue", `document.getElementById("chat-status").textContent.includes("wachtrij")`)
}

// acceptFirst takes the first chat of the queue in the agent's console.
func acceptFirst(t *testing.T, agent, resident context.Context, agentName string) {
	t.Helper()
	waitFor(t, agent, "the queue", `document.querySelectorAll(".chat-accept").length === 1`)
	do(t, agent, "accept", chromedp.Click(chromedp.CSS(".chat-accept")))
	waitFor(t, resident, agentName+" helps", `document.getElementById("chat-status").textContent === "`+agentName+` helpt u nu."`)
}

// TestChatSurvivesFollowingALink: the agent sends a link to a page of the site; the resident follows it,
// and on the new page the chat is back with its whole history. Enter sends, Shift+Enter adds a line, the
// link is a link and the markup in a message stays text; answers that arrive while the widget is closed
// are counted on its button.
func TestChatSurvivesFollowingALink(t *testing.T) {
	site := startChatSite(t)
	resident, agent := NewTab(t, 90*time.Second), NewTab(t, 90*time.Second)
	signInAgent(t, site, agent, "sanne@voorbeeld.nl", "Sanne Jansen")
	open(t, agent, site.URL+"/beheer/chat")
	waitFor(t, agent, "agent connected", `document.getElementById("chat-console").dataset.connected === "true"`)
	startResidentChat(t, site, resident, "Wat kost een paspoort?")
	acceptFirst(t, agent, resident, "Sanne")

	// The agent answers with Enter: a link to the product page, markup and a javascript: address.
	link := site.URL + "/producten/paspoort"
	answer := "Kijk op " + link + ". <img src=x onerror=alert(1)> <b>vet</b> javascript:alert(1)"
	do(t, agent, "agent writes and presses Enter", chromedp.SendKeys(chromedp.CSS(".chat-panel__text"), answer+"\r"))
	waitFor(t, resident, "the answer", `document.getElementById("chat-log").textContent.includes("<b>vet</b>")`)
	if got := run(t, resident, "links and markup", chromedp.Evaluate[string](`(() => {
		const log = document.getElementById("chat-log");
		const links = [...log.querySelectorAll("a")].map(a => a.href + " " + (a.target || "same tab"));
		return links.join(",") + "|" + log.querySelectorAll("img, b").length;
	})()`)); got != link+" same tab|0" {
		t.Fatalf("links in the chat %q, want only %s (opened in the same tab) and no markup", got, link)
	}

	// Enter sends; Shift+Enter first adds a line.
	do(t, resident, "resident types two lines", chromedp.Click(chromedp.CSS("#chat-text")),
		chromedp.KeyEvent("Eerste regel"), chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierShift)),
		chromedp.KeyEvent("tweede regel"))
	if v := run(t, resident, "the text field", chromedp.Evaluate[string](`document.getElementById("chat-text").value`)); v != "Eerste regel\ntweede regel" {
		t.Fatalf("after Shift+Enter the field holds %q, want two lines", v)
	}
	do(t, resident, "Enter sends", chromedp.KeyEvent("\r"))
	waitFor(t, agent, "both lines in one message", `[...document.querySelectorAll(".chat-panel .chat-log li")].some(li => li.textContent === "Inwoner: Eerste regel\ntweede regel")`)
	waitFor(t, resident, "the field is empty", `document.getElementById("chat-text").value === ""`)

	// A photo from the resident's phone: the agent can open it. (What is refused, and why, is
	// TestChatFiles in internal/channel/chat and TestChatFileEndpoint in internal/app.)
	photo := filepath.Join(t.TempDir(), "foto.png")
	if err := os.WriteFile(photo, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	do(t, resident, "send a photo", chromedp.SetUploadFiles(chromedp.CSS("#chat-file"), []string{photo}))
	waitFor(t, agent, "the photo in the console", `[...document.querySelectorAll(".chat-panel .chat-log li")].some(li => li.textContent.startsWith("Inwoner: Bestand: foto.png") && li.querySelector("a.chat-line__file"))`)
	// And a form from the agent: the resident gets a button that fetches it with the chat's token.
	form := filepath.Join(t.TempDir(), "formulier.pdf")
	if err := os.WriteFile(form, []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	do(t, agent, "send a form", chromedp.SetUploadFiles(chromedp.CSS(".chat-panel__file input"), []string{form}))
	waitFor(t, resident, "the form in the widget", `[...document.querySelectorAll("#chat-log li")].some(li => li.textContent.startsWith("Sanne Jansen: Bestand: formulier.pdf") && li.querySelector("button.chat-line__file"))`)

	// The resident follows the link: a new page, and the chat is there with everything said so far.
	follow(t, resident, "follow the link in the chat", chromedp.Click(chromedp.CSS("#chat-log a")))
	waitFor(t, resident, "the history on the new page", `(() => {
		const seqs = [...document.querySelectorAll("#chat-log li[data-seq]")].map(li => Number(li.dataset.seq));
		const text = document.getElementById("chat-log").textContent;
		return !document.getElementById("chat-panel").hidden && seqs.length === 5 && seqs.every((s, i) => s === i + 1) &&
			text.includes("Wat kost een paspoort?") && text.includes("<b>vet</b>") && text.includes("tweede regel");
	})()`)
	if loc := run(t, resident, "the page", chromedp.Evaluate[string](`location.pathname`)); loc != "/producten/paspoort" {
		t.Fatalf("the resident is on %s, want /producten/paspoort", loc)
	}
	waitFor(t, resident, "still helped by Sanne", `document.getElementById("chat-status").textContent === "Sanne helpt u nu."`)

	// The widget closed, two answers arrive: the button counts them; opening shows them and clears it.
	do(t, resident, "close the widget", chromedp.Click(chromedp.CSS("#chat-close")))
	for _, msg := range []string{"Een paspoort kost 84,20 euro.", "Neem een pasfoto mee."} {
		do(t, agent, "agent writes", chromedp.SendKeys(chromedp.CSS(".chat-panel__text"), msg+"\r"))
	}
	waitFor(t, resident, "the unread count", `document.getElementById("chat-unread").textContent === "2 nieuwe berichten" && !document.getElementById("chat-unread").hidden`)
	CheckAccessibility(t, resident, "closed chat widget with unread answers")
	// The count survives a page change too.
	open(t, resident, site.URL+"/")
	waitFor(t, resident, "the unread count on the next page", `document.getElementById("chat-unread").textContent === "2 nieuwe berichten"`)
	do(t, resident, "open the widget", chromedp.Click(chromedp.CSS("#chat-open")))
	waitFor(t, resident, "read", `document.getElementById("chat-unread").hidden && document.getElementById("chat-log").textContent.includes("pasfoto")`)
}

// TestChatAgentWhoLeftReturnsChat: the agent closes the console during a chat. Once the grace period has
// passed (the clock is moved, not waited for) the resident reads that the agent is gone and is back in
// the queue, instead of "Sanne helpt u nu." with nothing coming.
func TestChatAgentWhoLeftReturnsChat(t *testing.T) {
	site := startChatSite(t)
	resident, agent := NewTab(t, 90*time.Second), NewTab(t, 90*time.Second)
	signInAgent(t, site, agent, "sanne@voorbeeld.nl", "Sanne Jansen")
	open(t, agent, site.URL+"/beheer/chat")
	waitFor(t, agent, "agent connected", `document.getElementById("chat-console").dataset.connected === "true"`)
	startResidentChat(t, site, resident, "Mijn rijbewijs is gestolen.")
	acceptFirst(t, agent, resident, "Sanne")

	do(t, agent, "close the console", chromedp.Navigate("about:blank"))
	ctx := context.Background()
	site.App.Chat.SetClock(func() time.Time { return time.Now().Add(61 * time.Second) })
	deadline := time.Now().Add(10 * time.Second)
	for { // the hub notices the closed socket within moments; until then the agent is still there
		if err := site.App.Chat.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if waiting, err := site.App.Store.Chats(ctx, store.ChatWaiting, 0); err == nil && len(waiting) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the chat of the agent who left is not back in the queue")
		}
		time.Sleep(50 * time.Millisecond)
	}
	waitFor(t, resident, "the message that Sanne left", `document.getElementById("chat-log").textContent.includes("Sanne is niet meer bereikbaar. U staat weer in de wachtrij.")`)
	waitFor(t, resident, "the place in the queue", `document.getElementById("chat-status").textContent === "U bent nummer 1 in de wachtrij."`)
}

// TestChatNewChatBadge: an agent working in the inbox (not on the chat page) stays available for the
// chat, and a new chat is announced: the count in the page title and a desktop notification.
func TestChatNewChatBadge(t *testing.T) {
	site := startChatSite(t)
	resident, agent := NewTab(t, 90*time.Second), NewTab(t, 90*time.Second)
	// The desktop notification is recorded instead of shown: permission granted, each one kept.
	_, err := chromedp.Run(agent, chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordNotifications})
		return chromedp.Void{}, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	signInAgent(t, site, agent, "sanne@voorbeeld.nl", "Sanne Jansen")
	open(t, agent, site.URL+"/beheer/inbox")
	waitFor(t, agent, "the console page holds the chat connection", `document.getElementById("chat-presence")?.dataset.connected === "true"`)
	baseTitle := run(t, agent, "the title", chromedp.Evaluate[string](`document.title`))

	startResidentChat(t, site, resident, "Wanneer wordt het grofvuil opgehaald?")
	waitFor(t, agent, "the count in the title", fmt.Sprintf(`document.title === %q`, "(1) "+baseTitle))
	waitFor(t, agent, "the desktop notification", fmt.Sprintf(`window.__notifications.some(n => n.title === "Nieuwe chat" && n.body.startsWith(%q))`,
		"Er wacht iemand in de chat ("+contact.ReferencePrefix))

	// Moving to the chat page keeps the count; taking the chat clears it.
	open(t, agent, site.URL+"/beheer/chat")
	waitFor(t, agent, "the count on the chat page", `document.title.startsWith("(1) ")`)
	acceptFirst(t, agent, resident, "Sanne")
	waitFor(t, agent, "no count once taken", `!document.title.startsWith("(")`)
	if strings.HasPrefix(baseTitle, "(") {
		t.Fatalf("the inbox title %q had a count before any chat", baseTitle)
	}
}

// recordNotifications replaces the browser's Notification with one that records what would be shown.
const recordNotifications = `(() => {
	window.__notifications = [];
	window.Notification = function (title, opts) { window.__notifications.push({title: title, body: (opts || {}).body || ""}); };
	window.Notification.permission = "granted";
	window.Notification.requestPermission = () => Promise.resolve("granted");
})();`

// TestChatTranscriptAfterTheEnd: the transcript is offered only once the chat has ended, goes to the
// address the resident gave at the start, and is sent once.
func TestChatTranscriptAfterTheEnd(t *testing.T) {
	site := startChatSite(t)
	resident, agent := NewTab(t, 90*time.Second), NewTab(t, 90*time.Second)
	signInAgent(t, site, agent, "sanne@voorbeeld.nl", "Sanne Jansen")
	open(t, agent, site.URL+"/beheer/chat")
	waitFor(t, agent, "agent connected", `document.getElementById("chat-console").dataset.connected === "true"`)
	open(t, resident, site.URL+"/")
	do(t, resident, "open the chat", chromedp.Click(chromedp.CSS("#chat-open")))
	waitFor(t, resident, "the start form", `!document.getElementById("chat-start-form").hidden`)
	do(t, resident, "ask with an address", chromedp.SendKeys(chromedp.CSS("#chat-question"), "Hoe lang is mijn rijbewijs geldig?"),
		chromedp.SendKeys(chromedp.CSS("#chat-email-start"), "jan@voorbeeld.nl"),
		chromedp.Click(chromedp.CSS(`#chat-start-form button[type=submit]`)))
	acceptFirst(t, agent, resident, "Sanne")
	if visible := run(t, resident, "the transcript button", chromedp.Evaluate[bool](`!document.getElementById("chat-after").hidden`)); visible {
		t.Fatal("the transcript is offered during the chat")
	}
	do(t, agent, "agent writes and ends", chromedp.SendKeys(chromedp.CSS(".chat-panel__text"), "Tien jaar.\r"),
		chromedp.Click(chromedp.CSS(".chat-panel__end")))
	waitFor(t, resident, "the offer after the end", `!document.getElementById("chat-transcript").hidden`)
	CheckAccessibility(t, resident, "ended chat with the transcript offer")
	do(t, resident, "ask for the transcript", chromedp.Click(chromedp.CSS("#chat-transcript")))
	waitFor(t, resident, "sent, once", `document.getElementById("chat-transcript").hidden && document.getElementById("chat-transcript-status").textContent.includes("e-mailadres dat u bij het begin gaf")`)
	due, err := site.App.Store.ClaimOutbox(context.Background(), 50, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, m := range due {
		if strings.HasPrefix(m.Subject, "Verslag van uw chat") {
			to = append(to, m.To)
			if !strings.Contains(m.Body, "Tien jaar.") {
				t.Errorf("the transcript lacks the answer:\n%s", m.Body)
			}
		}
	}
	if len(to) != 1 || to[0] != "jan@voorbeeld.nl" {
		t.Fatalf("transcripts queued to %q, want one to jan@voorbeeld.nl", to)
	}
}
