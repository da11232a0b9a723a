package browsertest

import (
	"context"
	"net/smtp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
)

// navCount is the number a counter of the console navigation shows ("" while hidden).
func navCount(key string) string {
	return `(() => { const el = document.querySelector('#console-nav [data-nav-count="` + key + `"]');
		return el && !el.hidden ? el.querySelector(".console-nav__number").textContent : ""; })()`
}

// waitLonger is waitFor with a longer deadline, for what the page's script asks for every 15 seconds.
func waitLonger(t *testing.T, ctx context.Context, what, cond string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: %s did not happen within %v", what, cond, limit)
}

// phoneLayoutProblems measures the page at phone width: how wide it scrolls, and the elements that stick
// out or squeeze a word of six letters or more into less than three letters' width.
const phoneLayoutProblems = `(() => {
	const root = document.documentElement;
	const tooWide = el => el.getBoundingClientRect().right > root.clientWidth + 0.5;
	const wider = [...document.querySelectorAll("body *")].filter(el => tooWide(el) && ![...el.children].some(tooWide))
		.slice(0, 5).map(el => el.outerHTML.slice(0, 160));
	const squeezed = [...document.querySelectorAll("#console-nav a, #console-nav span, .staff-header *")].filter(el => {
		if (el.closest(".visually-hidden")) return false;
		const r = el.getBoundingClientRect();
		const longest = Math.max(0, ...el.textContent.split(/\s+/).map(w => w.length));
		return r.width > 0 && longest >= 6 && r.width < 3 * parseFloat(getComputedStyle(el).fontSize);
	}).slice(0, 5).map(el => el.outerHTML.slice(0, 160));
	return {Scroll: root.scrollWidth, Client: root.clientWidth, Wider: wider, Squeezed: squeezed};
})()`

// TestConsoleNavigationCountsLive: an agent works in the console; an e-mail arrives and the navigation's
// "nieuw" counter goes up without a reload, read out by the polite live region; a resident starts a chat
// and the "wachten" counter shows it at once. The navigation is reached and used with the keyboard only,
// marks the current page, passes axe-core, and at 390 px fits the phone (no sideways scrolling, no word
// broken letter by letter), also for an administrator who has every section. (That every console page
// has it for every role: TestConsoleNavigationOnEveryPage in internal/app.)
func TestConsoleNavigationCountsLive(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) {
		c.SMTPAddr, c.ChatHours, c.ContactHours = "127.0.0.1:0", "altijd", "altijd"
	})
	agent := NewTab(t, 2*testTimeout)
	signInInboxAgent(t, agent, site)
	open(t, agent, site.URL+"/beheer/inbox")
	if cur := text(t, agent, `#console-nav a[aria-current="page"] .console-nav__label`); cur != "Inbox" {
		t.Errorf("current section %q, want Inbox", cur)
	}
	if got := run(t, agent, "counters at the start", chromedp.Evaluate[string](navCount("inbox-nobody")+` + "|" + `+navCount("chat-waiting"))); got != "|" {
		t.Errorf("counters at the start %q, want none shown", got)
	}
	CheckAccessibility(t, agent, "inbox with the console navigation")

	// An e-mail arrives over SMTP: the counter follows without a reload.
	msg := "From: Jan Jansen <jan@example.org>\r\nTo: info@voorbeeld.nl\r\nSubject: Vraag over de WOZ\r\n" +
		"Message-ID: <woz.1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWanneer krijg ik de WOZ-beschikking?\r\n"
	if err := smtp.SendMail(site.App.SMTPAddr(), nil, "jan@example.org", []string{"info@voorbeeld.nl"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	run(t, agent, "mark the page", chromedp.Evaluate[bool](`window.notReloaded = true`))
	waitLonger(t, agent, "the new e-mail counted", navCount("inbox-nobody")+` === "1"`, 25*time.Second)
	if live := text(t, agent, "#console-nav-live"); live != "Inbox: 1 nog door niemand opgepakt." {
		t.Errorf("live region %q", live)
	}
	if !run(t, agent, "same page", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Error("the page was reloaded")
	}

	// A resident starts a chat: the agent's chat connection shows it at once, the inbox count follows.
	resident := NewTab(t, testTimeout)
	startResidentChat(t, site, resident, "Wat kost een paspoort?")
	waitFor(t, agent, "the waiting chat counted", navCount("chat-waiting")+` === "1"`)
	waitFor(t, agent, "the chat in the inbox count", navCount("inbox-nobody")+` === "2"`)
	if spoken := text(t, agent, `#console-nav [data-nav-count="chat-waiting"] .visually-hidden`); spoken != ", 1 wachten in de chat" {
		t.Errorf("chat counter for screen readers %q", spoken)
	}
	CheckAccessibility(t, agent, "inbox with counters")

	// Keyboard only: Tab to the chat section and open it with Enter.
	open(t, agent, site.URL+"/beheer/taken")
	tabTo(t, agent, `#console-nav a[href="/beheer/chat"]`)
	press(t, agent, "open with Enter", kb.Enter)
	waitFor(t, agent, "the chat page", `location.pathname === "/beheer/chat" && document.querySelector('#console-nav a[aria-current="page"]').getAttribute("href") === "/beheer/chat"`)
	CheckAccessibility(t, agent, "chat console with the navigation")

	// At 390 px, for the agent and for an administrator (every section).
	do(t, agent, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	checkPhone := func(who string, paths ...string) {
		for _, path := range paths {
			open(t, agent, site.URL+path)
			got := run(t, agent, "measure "+path, chromedp.Evaluate[struct {
				Scroll, Client  int
				Wider, Squeezed []string
			}](phoneLayoutProblems))
			if got.Client != 390 {
				t.Fatalf("%s: %d pixels wide, want 390", path, got.Client)
			}
			if got.Scroll > got.Client {
				t.Errorf("%s as %s scrolls sideways: %d in %d; too wide: %q", path, who, got.Scroll, got.Client, got.Wider)
			}
			if len(got.Squeezed) > 0 {
				t.Errorf("%s as %s squeezes words: %q", path, who, got.Squeezed)
			}
		}
		CheckAccessibility(t, agent, who+" at 390 px")
	}
	checkPhone("agent", "/beheer/inbox", "/beheer/registreren")
	do(t, agent, "sign out", chromedp.Click(chromedp.CSS(`form[action="/beheer/uitloggen"] button`)))
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: "beheerder@voorbeeld.nl",
		Name: "Bram Beheerder", Role: auth.RoleAdmin}, Team: "Team Klantcontact", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	open(t, agent, site.URL+"/beheer/inloggen")
	follow(t, agent, "sign in as administrator", chromedp.SendKeys(chromedp.CSS("#email"), "beheerder@voorbeeld.nl"),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	if n := run(t, agent, "sections", chromedp.Evaluate[int](`document.querySelectorAll("#console-nav li").length`)); n != 9 {
		t.Errorf("the administrator has %d sections, want 9", n)
	}
	checkPhone("administrator", "/beheer", "/beheer/inbox", "/beheer/aanvragen", "/beheer/artikelen")
}
