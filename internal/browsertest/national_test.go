package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/demo"
	"loket/internal/store"
)

// TestEditorTakesOverTheNationalText: the demo's host keeps national texts and gemeente Voorbeeld inherits
// them; the national passport summary changed under the municipality's own summary. An editor finds the
// national texts page, opens the passport, reads "De landelijke tekst is gewijzigd" with the old national
// summary struck out, the new one added and the municipality's own beside it, takes the national text
// over with one click, and residents see it. Axe on each page; the notice fits a 390 px phone.
func TestEditorTakesOverTheNationalText(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.LoadNational(ctx, site.App.Store); err != nil {
		t.Fatal(err)
	}
	own := demoArticle(t, "paspoort").Summary
	email, password := addEditor(t, site)
	tab := NewTab(t, 2*testTimeout)
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))

	open(t, tab, site.URL+"/beheer/artikelen")
	if got := follow(t, tab, "national texts", chromedp.Click(chromedp.CSS(`a[href="/beheer/landelijk"]`))); got != "/beheer/landelijk" {
		t.Fatalf("the link led to %s", got)
	}
	CheckAccessibility(t, tab, "national texts")
	if got := follow(t, tab, "open the inherited passport", chromedp.Click(chromedp.CSS(`a[href="/beheer/artikelen/paspoort"]`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("the passport link led to %s", got)
	}
	notice := text(t, tab, "#landelijk-gewijzigd")
	for _, want := range []string{"De landelijke tekst is gewijzigd", "Samenvatting",
		"− U vraagt een paspoort persoonlijk aan bij de balie van uw gemeente, op afspraak.",
		"+ U vraagt een paspoort persoonlijk aan bij de balie van uw gemeente, op afspraak. Na 5 werkdagen kunt u het ophalen.", own} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice)
		}
	}
	CheckAccessibility(t, tab, "article editor with a national change")
	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if w := run(t, tab, "measure", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the editor with the notice scrolls sideways on a phone: %d px", w)
	}
	if got := follow(t, tab, "take the national text over", chromedp.Click(chromedp.CSS(`form[action$="/landelijk-overnemen"] button`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("take-over led to %s", got)
	}
	if got := text(t, tab, `[role="status"]`); !strings.Contains(got, "landelijke tekst is overgenomen") {
		t.Errorf("confirmation: %q", got)
	}
	if n := run(t, tab, "notice gone", chromedp.Evaluate[int](`document.querySelectorAll("#landelijk-gewijzigd").length`)); n != 0 {
		t.Error("the notice is still there after the take-over")
	}
	open(t, tab, site.URL+"/producten/paspoort")
	if got := text(t, tab, "main"); !strings.Contains(got, "Na 5 werkdagen kunt u het ophalen.") || strings.Contains(got, "in het Stadhuis, op afspraak.") {
		t.Errorf("residents do not see the national summary: %.300q", got)
	}
}
