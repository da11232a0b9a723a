package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/identity/identitytest"
	"loket/internal/identity/oidctest"
	"loket/internal/store"
)

// TestStaffSignInWithSSOGetsTheRoleOfTheirGroup: with local passwords switched off, a case handler signs
// in through the organisation's identity provider (the test provider), gets an account at first sign-in
// with the role of their group, and can do a handler's work but not an administrator's.
func TestStaffSignInWithSSOGetsTheRoleOfTheirGroup(t *testing.T) {
	var broker *oidctest.Provider
	site := StartDemo(t, store.SQLite, func(c *config.Config) {
		base := "http://" + c.Addr
		broker = identitytest.Broker(t, base+"/beheer/inloggen/sso/terug", base+"/beheer/inloggen", false)
		c.StaffSSOIssuer, c.StaffSSOClientID, c.StaffSSOClientSecret = broker.Issuer, identitytest.ClientID, identitytest.ClientSecret
		c.StaffSSORoles = "loket-beheer=admin; loket-behandelaars=handler; loket-redactie=editor"
		c.Set("staff-sso-create-accounts", "on")
		c.Set("staff-local-passwords", "off")
	})
	ctx := NewTab(t, 2*testTimeout)

	open(t, ctx, site.URL+"/beheer/inloggen?terug=/beheer/aanvragen")
	if n := run(t, ctx, "password field", chromedp.Evaluate[int](`document.querySelectorAll("#wachtwoord").length`)); n != 0 {
		t.Error("the password form shows while local passwords are off")
	}
	CheckAccessibility(t, ctx, "staff sign-in with SSO")
	do(t, ctx, "choose SSO", chromedp.Click(chromedp.CSS("#inloggen-sso")))
	waitFor(t, ctx, "the identity provider's page", `location.href.startsWith("`+broker.Issuer+`/inloggen")`)
	if got := follow(t, ctx, "sign in at the provider", chromedp.SetValue(chromedp.CSS("#persoon"), "medewerker"),
		chromedp.Click(chromedp.CSS("#inloggen"))); got != "/beheer/aanvragen" {
		t.Fatalf("after SSO the staff member is at %s, want the request queue", got)
	}
	u, err := site.App.Store.StaffUserByEmail(context.Background(), "mira@voorbeeld.nl")
	if err != nil || u.Role != auth.RoleHandler || u.Name != "Mira Medewerker" {
		t.Fatalf("account after first sign-in: %+v %v, want a handler named Mira Medewerker", u, err)
	}
	followTo(t, ctx, "an administrator's page", 403, chromedp.Navigate(site.URL+"/beheer/gebruikers"))
	audit, err := site.App.Store.AuditEntries(context.Background(), store.AuditFilter{Actor: "mira@voorbeeld.nl", Action: "login"})
	if err != nil || len(audit) != 1 || !strings.Contains(audit[0].Detail, "sso") {
		t.Errorf("audit of the sign-in: %+v %v", audit, err)
	}

	// Signing out ends the provider's session too (RP-initiated logout) and comes back to the sign-in page.
	open(t, ctx, site.URL+"/beheer/aanvragen")
	do(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`form[action="/beheer/uitloggen"] button`)))
	waitFor(t, ctx, "back at the sign-in page", `location.pathname === "/beheer/inloggen" && !!document.getElementById("inloggen-sso")`)
	if got := broker.Terminated(); len(got) != 1 || got[0] != "medewerker" {
		t.Errorf("the provider ended the sessions of %v, want [medewerker]", got)
	}
	followTo(t, ctx, "the console after signing out", 200, chromedp.Navigate(site.URL+"/beheer/aanvragen"))
	if n := run(t, ctx, "sign-in button", chromedp.Evaluate[int](`document.querySelectorAll("#inloggen-sso").length`)); n != 1 {
		t.Error("after signing out the console did not ask to sign in again")
	}
}
