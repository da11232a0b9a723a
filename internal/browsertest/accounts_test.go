package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/store"
)

// TestAccountPages: an administrator blocks a colleague and gives them a new password from the users
// page, then changes their own password; the users, tokens and password pages pass axe-core.
func TestAccountPages(t *testing.T) {
	site := StartDemo(t, store.SQLite)
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
	agentID, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "kcc@voorbeeld.nl", Role: auth.RoleAgent}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, 2*testTimeout)
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), "beheer@voorbeeld.nl"),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))

	open(t, tab, site.URL+"/beheer/gebruikers")
	CheckAccessibility(t, tab, "users page")
	follow(t, tab, "block the agent", chromedp.Click(chromedp.CSS(`form[action="/beheer/gebruikers/`+strconv.FormatInt(agentID, 10)+`/blokkeren"] button`)))
	if got := text(t, tab, `.utrecht-alert[role="status"]`); !strings.Contains(got, "geblokkeerd") {
		t.Fatalf("after blocking: %q", got)
	}
	follow(t, tab, "new password", chromedp.Click(chromedp.CSS(`form[action="/beheer/gebruikers/`+strconv.FormatInt(agentID, 10)+`/wachtwoord"] button`)))
	if got := text(t, tab, "#nieuw-wachtwoord"); len(got) != 20 {
		t.Fatalf("the new password shown: %q", got)
	}
	open(t, tab, site.URL+"/beheer/tokens")
	CheckAccessibility(t, tab, "tokens page")
	open(t, tab, site.URL+"/beheer/gebruikers/"+strconv.FormatInt(agentID, 10)+"/tokens")
	CheckAccessibility(t, tab, "a colleague's tokens")

	open(t, tab, site.URL+"/beheer/wachtwoord")
	CheckAccessibility(t, tab, "password page")
	follow(t, tab, "change the password", chromedp.SendKeys(chromedp.CSS("#huidig"), password),
		chromedp.SendKeys(chromedp.CSS("#nieuw"), "paard batterij nietje correct"),
		chromedp.SendKeys(chromedp.CSS("#herhaal"), "paard batterij nietje correct"), chromedp.Submit(chromedp.CSS("#herhaal")))
	if got := text(t, tab, `.utrecht-alert[role="status"]`); !strings.Contains(got, "U blijft hier ingelogd") {
		t.Fatalf("after the change: %q", got)
	}
}
