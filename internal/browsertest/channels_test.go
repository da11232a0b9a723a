package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/identity/identitytest"
	"loket/internal/store"
)

// TestAdministratorSetsTheChannels: at Beheer → Kanalen an administrator tries a mailbox that does not
// answer (told so, nothing saved), saves a WhatsApp number without its token (every problem at once, the
// addresses typed still there), then with it: the page says "Ingesteld" and never shows the secret. The
// page passes axe-core, and at 390 px it does not scroll sideways.
func TestAdministratorSetsTheChannels(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) { c.IdentityKey = identitytest.Key })
	ctx := context.Background()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "beheer@voorbeeld.nl", Name: "Ben Beheer",
		Role: auth.RoleAdmin}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, testTimeout)
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), "beheer@voorbeeld.nl"),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, tab, site.URL+"/beheer/kanalen")
	CheckAccessibility(t, tab, "channels page")

	// A mailbox on a port where nothing listens: the test says it failed, and nothing is saved.
	follow(t, tab, "test the mailbox",
		chromedp.SetValue(chromedp.CSS("#email-imap_addr"), "127.0.0.1:1"),
		chromedp.SetValue(chromedp.CSS("#email-imap_user"), "loket"),
		chromedp.SendKeys(chromedp.CSS("#email-imap_password"), "geheim-wachtwoord"),
		chromedp.SetValue(chromedp.CSS("#email-imap_tls"), "off"),
		chromedp.Click(chromedp.CSS(`button[value="test-imap"]`)))
	if got := text(t, tab, "#mailbox-test"); !strings.Contains(got, "lukte niet") {
		t.Errorf("mailbox test: %q", got)
	}
	if site.App.Channels.Saved() {
		t.Error("the mailbox test saved the channels")
	}

	open(t, tab, site.URL+"/beheer/kanalen")
	followTo(t, tab, "save a number without its token", 422,
		chromedp.SetValue(chromedp.CSS("#email-recipients"), "vragen@anders.nl"),
		chromedp.SetValue(chromedp.CSS("#whatsapp-phone_number_id"), "1065403522"),
		chromedp.Submit(chromedp.CSS("#whatsapp-phone_number_id")))
	summary := text(t, tab, "#foutmeldingen")
	if !strings.Contains(summary, "toegangssleutel") || !strings.Contains(summary, "app-geheim") {
		t.Errorf("error summary: %q", summary)
	}
	if got := run(t, tab, "recipients kept", chromedp.Evaluate[string](`document.getElementById("email-recipients").value`)); got != "vragen@anders.nl" {
		t.Errorf("recipients after the refusal: %q", got)
	}
	CheckAccessibility(t, tab, "channels page with errors")
	follow(t, tab, "save with the token",
		chromedp.SendKeys(chromedp.CSS("#whatsapp-access_token"), "EAAG-geheim-token"),
		chromedp.SendKeys(chromedp.CSS("#whatsapp-app_secret"), "app-geheim-waarde"),
		chromedp.Submit(chromedp.CSS("#whatsapp-app_secret")))
	page := run(t, tab, "read the page", chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if !strings.Contains(page, "De kanalen zijn opgeslagen") || !strings.Contains(text(t, tab, "#whatsapp-access_token-uitleg"), "Ingesteld") {
		t.Errorf("after saving: no confirmation or no 'Ingesteld'")
	}
	for _, secret := range []string{"EAAG-geheim-token", "app-geheim-waarde", "geheim-wachtwoord"} {
		if strings.Contains(page, secret) {
			t.Errorf("the page shows the secret %q", secret)
		}
	}
	if c := site.App.Channels.Current(); c.WhatsApp.AccessToken != "EAAG-geheim-token" || !c.HasRecipient("vragen@anders.nl") {
		t.Errorf("saved channels: %+v", c.WhatsApp)
	}

	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	open(t, tab, site.URL+"/beheer/kanalen")
	width := run(t, tab, "measure", chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if width[0] > width[1] {
		t.Errorf("the channels page scrolls sideways at 390 px: %d in %d", width[0], width[1])
	}
}

// TestHostAdministratorAddsAMunicipality: on the host's console host name the host's administrator adds a
// municipality with a host name that is not one (refused with the reason, input kept), then correctly; the
// page passes axe-core and fits a 390 px phone.
func TestHostAdministratorAddsAMunicipality(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) { c.HostAdminHost = "127.0.0.1" })
	ctx := context.Background()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "beheer@host.example", Role: auth.RoleAdmin},
		PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, testTimeout)
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), "beheer@host.example"),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, tab, site.URL+"/beheer/gemeenten")
	CheckAccessibility(t, tab, "host console")
	followTo(t, tab, "add with a bad host name", 422,
		chromedp.SetValue(chromedp.CSS("#nieuw-name"), "Gemeente Anders"),
		chromedp.SetValue(chromedp.CSS("#nieuw-id"), "gemeente-anders"),
		chromedp.SetValue(chromedp.CSS("#nieuw-hosts"), "anders!.nl"),
		chromedp.Submit(chromedp.CSS("#nieuw-hosts")))
	if got := text(t, tab, "#nieuw-hosts-fout"); !strings.Contains(got, "geen hostnaam") {
		t.Errorf("bad host name: %q", got)
	}
	if got := run(t, tab, "name kept", chromedp.Evaluate[string](`document.getElementById("nieuw-name").value`)); got != "Gemeente Anders" {
		t.Errorf("name after the refusal: %q", got)
	}
	CheckAccessibility(t, tab, "host console with errors")
	follow(t, tab, "add", chromedp.SetValue(chromedp.CSS("#nieuw-hosts"), "www.anders.nl anders.nl"),
		chromedp.Submit(chromedp.CSS("#nieuw-hosts")))
	if got := text(t, tab, "#gemeente-gemeente-anders"); !strings.Contains(got, "www.anders.nl") || !strings.Contains(got, "Staat aan") {
		t.Errorf("the new municipality's row: %q", got)
	}
	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	open(t, tab, site.URL+"/beheer/gemeenten")
	width := run(t, tab, "measure", chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if width[0] > width[1] {
		t.Errorf("the host console scrolls sideways at 390 px: %d in %d", width[0], width[1])
	}
}
