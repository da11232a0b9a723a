package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/demo"
	"loket/internal/store"
)

// TestAppointmentConsole: an agent registers a phone call, books an appointment for the caller from the
// registration page (the caller's details come along), sees it on the counter's day view, and a manager
// opens the set-up and the insight pages; axe-core checks every page.
func TestAppointmentConsole(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	if _, err := demo.LoadAppointments(context.Background(), site.App.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	ctx := NewTab(t, 3*testTimeout)
	email, password := "manager@voorbeeld.nl", auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: "Mira", Role: auth.RoleManager},
		Team: "Team Klantcontact", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, site.URL+"/beheer/inloggen")
	follow(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))

	open(t, ctx, site.URL+"/beheer/registreren")
	do(t, ctx, "type the caller", chromedp.SendKeys(chromedp.CSS("#naam"), "Joost Beller"), chromedp.SendKeys(chromedp.CSS("#email"), "joost@example.nl"))
	follow(t, ctx, "book for the caller", chromedp.Click(chromedp.CSS(`button[formaction="/beheer/afspraken/maken"]`)))
	CheckAccessibility(t, ctx, "booking for a caller")
	do(t, ctx, "choose ID card at the Stadhuis", chromedp.Click(chromedp.CSS(`input[name=product][value=identiteitskaart]`)),
		chromedp.SetValue(chromedp.CSS("#beller-locatie"), "stadhuis"))
	follow(t, ctx, "show the days", chromedp.Click(chromedp.CSS(`form[action="/beheer/afspraken/maken"][method=get] button`)))
	follow(t, ctx, "choose a day", chromedp.Click(chromedp.CSS(`main a[aria-current="date"], main ul a[href^="/beheer/afspraken/maken?"]`)))
	if got := run(t, ctx, "caller kept", chromedp.Evaluate[string](`document.getElementById("beller-naam").value + "|" + document.getElementById("beller-email").value`)); got != "Joost Beller|joost@example.nl" {
		t.Fatalf("the caller's details did not come along: %q", got)
	}
	CheckAccessibility(t, ctx, "times for a caller")
	path := follow(t, ctx, "book", chromedp.Click(chromedp.CSS(`form#tijden button`)))
	if path != "/beheer/afspraken" {
		t.Fatalf("booking led to %s", path)
	}
	if got := text(t, ctx, ".utrecht-alert[role=status]"); !strings.Contains(got, "De afspraak is gemaakt") {
		t.Errorf("flash: %q", got)
	}
	if got := text(t, ctx, "table"); !strings.Contains(got, "Joost Beller") || !strings.Contains(got, "telefoon") {
		t.Errorf("the day view does not show the caller's appointment: %q", got)
	}
	CheckAccessibility(t, ctx, "day view")
	for _, page := range []string{"/beheer/afspraken/instellingen", "/beheer/afspraken/inzicht"} {
		open(t, ctx, site.URL+page)
		CheckAccessibility(t, ctx, page)
	}
	if got := text(t, ctx, "main table"); !strings.Contains(got, "Paspoort aanvragen") || !strings.Contains(got, "Stadhuis") {
		t.Errorf("insight counts: %q", got)
	}
	// A mistake in the set-up is refused with its message and nothing saved.
	open(t, ctx, site.URL+"/beheer/afspraken/instellingen")
	do(t, ctx, "bad hours", chromedp.SetValue(chromedp.CSS("#loc-stadhuis-uren"), "elke dag"))
	followTo(t, ctx, "save bad hours", 422, chromedp.Click(chromedp.CSS(`form:has(#loc-stadhuis-uren) button`)))
	if got := text(t, ctx, "[role=alert]"); !strings.Contains(got, "ma-vr 09:00-17:00") {
		t.Errorf("set-up error: %q", got)
	}
}
