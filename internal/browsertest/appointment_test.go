package browsertest

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/store"
)

// press sends keys to the element that has the focus, as a person at a keyboard does.
func press(t *testing.T, ctx context.Context, what string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		do(t, ctx, what, chromedp.KeyEvent(k))
	}
}

// tabTo presses Tab until the element matching css has the focus; it fails after 120 presses.
func tabTo(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	for range 120 {
		press(t, ctx, "tab to "+css, kb.Tab)
		if run(t, ctx, "focus on "+css, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement.matches(%q)`, css))) {
			return
		}
	}
	t.Fatalf("Tab never reached %s", css)
}

// noSideScroll fails when the page is wider than the phone.
func noSideScroll(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	w := run(t, ctx, "measure "+page, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if w[0] > w[1] || w[1] != 390 {
		t.Errorf("%s: %d pixels of content on a %d pixel wide page, want no sideways scrolling at 390", page, w[0], w[1])
	}
}

// TestAppointmentJourney: on a 390-pixel phone, with the keyboard only, a resident books passports for a
// family of four from the product page, gets the confirmation with the calendar file at the mail relay,
// moves the appointment once through the link in that mail, and the counter sees it on its day view and
// checks the family in. axe-core checks every page.
func TestAppointmentJourney(t *testing.T) {
	relay := mailtest.StartRelay(t)
	site := StartDemo(t, store.SQLite, func(c *config.Config) {
		c.SMTPAddr, c.SMTPRelay, c.Security.SMTPRelayTLS = "127.0.0.1:0", relay.Addr, "off" // the test relay speaks plain SMTP on loopback
	})
	if _, err := demo.LoadAppointments(context.Background(), site.App.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	ctx := NewTab(t, 4*testTimeout)
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))

	open(t, ctx, site.URL+"/producten/paspoort")
	tabTo(t, ctx, `a[href="/afspraak?product=paspoort"]`)
	follow(t, ctx, "Maak online een afspraak", chromedp.KeyEvent(kb.Enter))
	noSideScroll(t, ctx, "booking page")
	CheckAccessibility(t, ctx, "booking page")
	if !run(t, ctx, "passport ticked", chromedp.Evaluate[bool](`document.querySelector('input[name=product][value=paspoort]').checked`)) {
		t.Fatal("the product page's link did not choose the passport")
	}
	tabTo(t, ctx, "#afspraak-personen")
	press(t, ctx, "four persons", kb.ArrowDown, kb.ArrowDown, kb.ArrowDown)
	tabTo(t, ctx, `input[name=locatie]`)
	if got := run(t, ctx, "location focused", chromedp.Evaluate[string](`document.activeElement.value`)); got != "stadhuis" {
		press(t, ctx, "choose the Stadhuis", kb.ArrowUp)
	}
	press(t, ctx, "choose the Stadhuis", " ")
	tabTo(t, ctx, `form[action="/afspraak"] button`)
	follow(t, ctx, "show the free days", chromedp.KeyEvent(kb.Enter))
	if got := run(t, ctx, "persons chosen", chromedp.Evaluate[string](`document.getElementById("afspraak-personen").value`)); got != "4" {
		t.Fatalf("persons %q after the arrow keys, want 4", got)
	}
	noSideScroll(t, ctx, "day list")
	// The first day at least two days ahead, so that moving the appointment later is never inside the
	// 24-hour cut-off, whatever the time of day the test runs.
	day := laterDay(t, ctx, time.Now().In(calendar.Amsterdam).AddDate(0, 0, 2).Format(time.DateOnly))
	tabTo(t, ctx, `.appointment__day-list a[href*="dag=`+day+`"]`)
	follow(t, ctx, "choose a day", chromedp.KeyEvent(kb.Enter))
	CheckAccessibility(t, ctx, "times of a day")
	noSideScroll(t, ctx, "times of a day")
	tabTo(t, ctx, "#afspraak-tijd-0")
	press(t, ctx, "choose the first time", " ")
	first := run(t, ctx, "first time", chromedp.Evaluate[string](`document.querySelector('label[for="afspraak-tijd-0"]').textContent`))
	// 10 minutes for a passport times four persons: 40 minutes.
	if m := regexp.MustCompile(`(\d\d):(\d\d) tot (\d\d):(\d\d)`).FindStringSubmatch(first); m == nil || minutes(m[3], m[4])-minutes(m[1], m[2]) != 40 {
		t.Fatalf("first time %q is not 40 minutes long", first)
	}
	tabTo(t, ctx, "#afspraak-naam")
	press(t, ctx, "type the name", "Fam. de Vries")
	tabTo(t, ctx, "#afspraak-email")
	press(t, ctx, "type the e-mail address", "devries@example.nl")
	tabTo(t, ctx, `form[action="/afspraak/controleren"] button`)
	follow(t, ctx, "to the summary", chromedp.KeyEvent(kb.Enter))
	summary := text(t, ctx, ".request-form")
	for _, want := range []string{"Paspoort aanvragen, 4 personen", "Stadhuis, Marktplein 1", "Al uw paspoorten en ID-kaarten", "€ 84,00"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q: %s", want, summary)
		}
	}
	CheckAccessibility(t, ctx, "summary")
	tabTo(t, ctx, `form[action="/afspraak"] button`)
	if path := follow(t, ctx, "make the appointment", chromedp.KeyEvent(kb.Enter)); !strings.HasPrefix(path, "/afspraak/") {
		t.Fatalf("booking led to %s", path)
	}
	if got := text(t, ctx, ".utrecht-alert[role=status]"); !strings.Contains(got, "Uw afspraak is gemaakt") {
		t.Errorf("confirmation page: %q", got)
	}
	noSideScroll(t, ctx, "appointment page")
	CheckAccessibility(t, ctx, "appointment page")

	// The confirmation at the relay: the change link and the calendar file.
	msg := relay.WaitFor(t, 20*time.Second, func(m mailtest.Message) bool {
		return len(m.To) == 1 && m.To[0] == "devries@example.nl" && strings.Contains(string(m.Raw), "afspraak.ics")
	})
	body := decodedText(t, string(msg.Raw))
	link := regexp.MustCompile(`https?://\S+/afspraak/[A-Za-z0-9_-]{43}`).FindString(body)
	if link == "" || !strings.Contains(body, "Al uw paspoorten en ID-kaarten") {
		t.Fatalf("confirmation mail without change link or what to bring:\n%s", body)
	}
	ics := calendarPart(t, string(msg.Raw))
	if !strings.Contains(ics, "BEGIN:VEVENT") || !regexp.MustCompile(`DTSTART:\d{8}T\d{6}Z`).MatchString(ics) {
		t.Errorf("calendar file:\n%s", ics)
	}

	// Move once, through the link in the mail, to a time on another day.
	open(t, ctx, link)
	tabTo(t, ctx, `.appointment__day-list li:nth-child(2) a`)
	follow(t, ctx, "choose another day", chromedp.KeyEvent(kb.Enter))
	tabTo(t, ctx, "#verzet-tijd-0")
	press(t, ctx, "choose a new time", " ")
	newDay := run(t, ctx, "new day", chromedp.Evaluate[string](`new URL(location.href).searchParams.get("dag")`))
	tabTo(t, ctx, `form[action$="/verzetten"] button`)
	follow(t, ctx, "move", chromedp.KeyEvent(kb.Enter))
	if got := text(t, ctx, ".utrecht-alert[role=status]"); !strings.Contains(got, "verzet") {
		t.Errorf("after moving: %q", got)
	}
	ref := text(t, ctx, ".request-summary__list div:nth-child(4) dd")
	CheckAccessibility(t, ctx, "moved appointment")

	// The counter: the day view of the new day shows the family; check them in.
	email, password := "balie@voorbeeld.nl", auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: "Bart Balie", Role: auth.RoleAgent},
		Team: "Team Burgerzaken", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))
	open(t, ctx, site.URL+"/beheer/inloggen")
	follow(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, ctx, site.URL+"/beheer/afspraken?locatie=stadhuis&datum="+newDay)
	CheckAccessibility(t, ctx, "day view")
	rowID := run(t, ctx, "find the row", chromedp.Evaluate[string](fmt.Sprintf(
		`([...document.querySelectorAll("tr[id^=afspraak-]")].find(tr => tr.textContent.includes(%q)) || {id: ""}).id`, ref)))
	if rowID == "" {
		t.Fatalf("the day view of %s does not show %s", newDay, ref)
	}
	row := "#" + rowID
	if got := text(t, ctx, row); !strings.Contains(got, "Fam. de Vries") || !strings.Contains(got, "4 personen") {
		t.Fatalf("day view row: %q", got)
	}
	follow(t, ctx, "check in", chromedp.Click(chromedp.CSS(row+` form[action$="/aanmelden"] button`)))
	if got := text(t, ctx, ".utrecht-alert[role=status]"); !strings.Contains(got, "aangemeld") {
		t.Errorf("after check-in: %q", got)
	}
	if got := text(t, ctx, row); !strings.Contains(got, "Aangemeld") {
		t.Errorf("row after check-in: %q", got)
	}
}

func minutes(h, m string) int {
	var hh, mm int
	fmt.Sscan(h, &hh)
	fmt.Sscan(m, &mm)
	return hh*60 + mm
}

// decodedText is the quoted-printable text part of a raw mail.
func decodedText(t *testing.T, raw string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)Content-Type: text/plain.*?\r\n\r\n(.*?)\r\n--`).FindStringSubmatch(raw)
	if m == nil {
		t.Fatalf("no text part:\n%s", raw)
	}
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// calendarPart is the decoded calendar attachment of a raw mail.
func calendarPart(t *testing.T, raw string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)Content-Type: text/calendar.*?\r\n\r\n(.*?)\r\n--`).FindStringSubmatch(raw)
	if m == nil {
		t.Fatalf("no calendar part:\n%s", raw)
	}
	b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// laterDay is the first day in the list of free days on or after from (YYYY-MM-DD).
func laterDay(t *testing.T, ctx context.Context, from string) string {
	t.Helper()
	hrefs := run(t, ctx, "free days", chromedp.Evaluate[[]string](`[...document.querySelectorAll(".appointment__day-list a")].map(a => a.href)`))
	for _, h := range hrefs {
		u, err := url.Parse(h)
		if err == nil && u.Query().Get("dag") >= from {
			return u.Query().Get("dag")
		}
	}
	t.Fatalf("no free day on or after %s in %v", from, hrefs)
	return ""
}
