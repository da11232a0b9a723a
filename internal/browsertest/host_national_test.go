package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/store"
)

// TestHostAdministratorEditsANationalText: on the host's console host name the host's administrator goes
// from the console home to the national texts, opens the passport, empties its title and summary (both
// refused at once, the rest of the text kept), then adds a sentence to the text; the municipality that
// inherits it shows the sentence on its public page. Axe on the list, the editor and the editor with
// errors; the editor fits a 390 px phone.
func TestHostAdministratorEditsANationalText(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) { c.HostAdminHost = "127.0.0.1" })
	ctx := context.Background()
	if _, err := demo.LoadNational(ctx, site.App.Store); err != nil {
		t.Fatal(err)
	}
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "beheer@host.example", Role: auth.RoleAdmin},
		PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, 2*testTimeout)
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), "beheer@host.example"),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, tab, site.URL+"/beheer")
	if got := follow(t, tab, "national texts", chromedp.Click(chromedp.CSS(`a[href="/beheer/landelijke-teksten"]`))); got != "/beheer/landelijke-teksten" {
		t.Fatalf("the link led to %s", got)
	}
	if row := text(t, tab, "#landelijk-paspoort"); !strings.Contains(row, "paspoort") || !strings.Contains(row, "versie 2") {
		t.Errorf("the passport's row: %q", row)
	}
	CheckAccessibility(t, tab, "national texts of the host")
	if got := follow(t, tab, "open the passport", chromedp.Click(chromedp.CSS(`a[href="/beheer/landelijke-teksten/paspoort"]`))); got != "/beheer/landelijke-teksten/paspoort" {
		t.Fatalf("the passport link led to %s", got)
	}
	CheckAccessibility(t, tab, "national text editor")
	body := run(t, tab, "read the text", chromedp.Evaluate[string](`document.getElementById("body").value`))

	followTo(t, tab, "save without title and summary", 422,
		setValue("#title", ""),
		setValue("#summary", ""),
		chromedp.Click(chromedp.CSS(`button[value="opslaan"]`)))
	errs := text(t, tab, "#foutmeldingen")
	for _, want := range []string{"Titel", "Vul een titel in", "Samenvatting", "Vul een korte samenvatting in"} {
		if !strings.Contains(errs, want) {
			t.Errorf("the error summary lacks %q: %q", want, errs)
		}
	}
	if got := run(t, tab, "text kept", chromedp.Evaluate[string](`document.getElementById("body").value`)); got != body {
		t.Error("the refused form lost the text")
	}
	CheckAccessibility(t, tab, "national text editor with errors")

	title, summary := demoArticle(t, "paspoort").Title, "U vraagt een paspoort aan bij de balie van uw gemeente."
	added := "Neem ook uw oude paspoort mee naar de balie."
	follow(t, tab, "save", setValue("#title", title),
		setValue("#summary", summary),
		setValue("#body", body+"\n\n"+added),
		chromedp.Click(chromedp.CSS(`button[value="opslaan"]`)))
	if got := text(t, tab, `.utrecht-alert--ok[role="status"]`); !strings.Contains(got, "opgeslagen als versie 3") || !strings.Contains(got, "1 artikel van een gemeente") {
		t.Errorf("confirmation: %q", got)
	}
	open(t, tab, site.URL+"/producten/paspoort")
	if got := text(t, tab, "main"); !strings.Contains(got, added) {
		t.Errorf("the municipality's passport page lacks the new national sentence")
	}

	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	open(t, tab, site.URL+"/beheer/landelijke-teksten/paspoort")
	if w := run(t, tab, "measure", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the national text editor scrolls sideways on a phone: %d px", w)
	}
}
