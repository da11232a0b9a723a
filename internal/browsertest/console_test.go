package browsertest

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/store"
)

// addEditor creates an editor account on the site and returns its e-mail address and password.
func addEditor(t *testing.T, site *Site) (string, string) {
	t.Helper()
	email, password := "redacteur@voorbeeld.nl", auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	_, err = site.App.Store.AddStaffUser(context.Background(), store.StaffUser{
		Staff: auth.Staff{Email: email, Name: "Eva Redacteur", Role: auth.RoleEditor}, Team: "Team Burgerzaken", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	return email, password
}

// TestEditorJourney: an editor signs in, rewrites an article with the live preview, publishes it, finds
// the new text in public search and restores the old version; every console page passes axe-core.
func TestEditorJourney(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	email, password := addEditor(t, site)
	ctx := NewTab(t, 2*testTimeout)

	open(t, ctx, site.URL+"/beheer/inloggen")
	path := follow(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
	if path != "/beheer" {
		t.Fatalf("sign-in ended on %s", path)
	}
	CheckAccessibility(t, ctx, "console home")

	open(t, ctx, site.URL+"/beheer/artikelen?zoek=paspoort")
	CheckAccessibility(t, ctx, "article list")
	if got := follow(t, ctx, "open the editor", chromedp.Click(chromedp.CSS(`a[href="/beheer/artikelen/paspoort"]`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("editor link led to %s", got)
	}
	CheckAccessibility(t, ctx, "article editor")

	const word = "qwzrtplonk" // no compound parts or near words in the demo texts
	newBody := "Vraag uw paspoort aan met een " + word + ". Indien u haast hebt, bel ons."
	do(t, ctx, "rewrite the body", selectText("body"), chromedp.SendKeys(chromedp.CSS("#body"), newBody))
	waitFor(t, ctx, "live preview", `document.getElementById("voorbeeld").innerText.includes("`+word+`")`)
	waitFor(t, ctx, "language check while typing", `document.getElementById("taalcheck").innerText.includes("Schrijf liever: als")`)

	if got := follow(t, ctx, "publish", chromedp.Click(chromedp.CSS(`button[value="publiceren"]`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("publishing led to %s", got)
	}
	if got := text(t, ctx, `.utrecht-alert[role="status"]`); !strings.Contains(got, "gepubliceerd") {
		t.Errorf("confirmation after publishing: %q", got)
	}

	open(t, ctx, site.URL+"/zoeken?q="+url.QueryEscape(word))
	if n := run(t, ctx, "find the new text", chromedp.Evaluate[int](`document.querySelectorAll('.result-list a[href*="a=paspoort"]').length`)); n == 0 {
		t.Fatal("public search does not find the published change")
	}

	open(t, ctx, site.URL+"/beheer/artikelen/paspoort/versies")
	CheckAccessibility(t, ctx, "version history")
	open(t, ctx, site.URL+"/beheer/artikelen/paspoort/versies/2")
	if got := text(t, ctx, "ins.diff__line--add"); !strings.Contains(got, word) {
		t.Errorf("the diff does not show the new text as added: %q", got)
	}
	CheckAccessibility(t, ctx, "version diff")
	open(t, ctx, site.URL+"/beheer/artikelen/paspoort/versies/1")
	if got := follow(t, ctx, "restore version 1", chromedp.Click(chromedp.CSS(`form[action$="/versies/1/herstellen"] button`))); got != "/beheer/artikelen/paspoort/versies" {
		t.Fatalf("restoring led to %s", got)
	}
	if got := text(t, ctx, `.utrecht-alert[role="status"]`); !strings.Contains(got, "klaar als concept") {
		t.Errorf("confirmation after restoring: %q", got)
	}
	// Restoring changes nothing residents see: version 2 stays on the website until the editor publishes.
	open(t, ctx, site.URL+"/zoeken?q="+url.QueryEscape(word))
	if n := run(t, ctx, "search after restoring", chromedp.Evaluate[int](`document.querySelectorAll('.result-list a[href*="a=paspoort"]').length`)); n == 0 {
		t.Error("restoring an old version took the published text out of search")
	}
	if got := publicPage(t, ctx, site.URL, "/producten/paspoort"); !strings.HasPrefix(got, "200 ") || !strings.Contains(got, word) {
		t.Errorf("public page after restoring: %.60q, want the published version 2", got)
	}
	open(t, ctx, site.URL+"/beheer/artikelen/paspoort/versies")
	if got := text(t, ctx, "table"); !strings.Contains(got, "Versie 2 (op de website)") || !strings.Contains(got, "Versie 3 (concept)") {
		t.Errorf("version list does not say which version is live and which a concept:\n%s", got)
	}
	CheckAccessibility(t, ctx, "version history with a concept")
	if got := follow(t, ctx, "publish the restored concept", chromedp.Click(chromedp.CSS(`form[action$="/publiceren"] button`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("publishing the concept led to %s", got)
	}
	open(t, ctx, site.URL+"/zoeken?q="+url.QueryEscape(word))
	if n := run(t, ctx, "search after publishing the restored version", chromedp.Evaluate[int](`document.querySelectorAll('.result-list a[href*="a=paspoort"]').length`)); n != 0 {
		t.Error("public search still finds the text of the replaced version")
	}
	// Take it offline and back: residents get "not found", then the same text again.
	open(t, ctx, site.URL+"/beheer/artikelen/paspoort")
	if got := text(t, ctx, ".editor__status"); !strings.Contains(got, "Op de website staat versie 4") {
		t.Errorf("editor status: %q", got)
	}
	if got := follow(t, ctx, "take offline", chromedp.Click(chromedp.CSS(`form[action$="/offline"] button`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("taking offline led to %s", got)
	}
	if got := text(t, ctx, `.utrecht-alert[role="status"]`); !strings.Contains(got, "offline gehaald") {
		t.Errorf("confirmation after taking offline: %q", got)
	}
	if got := publicPage(t, ctx, site.URL, "/producten/paspoort"); !strings.HasPrefix(got, "404 ") {
		t.Errorf("public page of an article taken offline: %.40q, want 404", got)
	}
	open(t, ctx, site.URL+"/beheer/artikelen/paspoort")
	CheckAccessibility(t, ctx, "editor of an article taken offline")
	if got := follow(t, ctx, "put back online", chromedp.Click(chromedp.CSS(`form[action$="/online"] button`))); got != "/beheer/artikelen/paspoort" {
		t.Fatalf("putting back online led to %s", got)
	}
	if got := publicPage(t, ctx, site.URL, "/producten/paspoort"); !strings.HasPrefix(got, "200 ") || strings.Contains(got, word) {
		t.Errorf("public page back online: %.60q, want version 4 (without %s)", got, word)
	}

	for _, page := range []string{"/beheer/controle", "/beheer/controle/teams", "/beheer/links", "/beheer/synoniemen", "/beheer/redactie/niet-gevonden", "/beheer/nieuw-artikel"} {
		open(t, ctx, site.URL+page)
		CheckAccessibility(t, ctx, page)
	}
	// A form with mistakes: the errors are announced and tied to their fields.
	followTo(t, ctx, "publish an empty article", 422, chromedp.Click(chromedp.CSS(`button[value="publiceren"]`)))
	CheckAccessibility(t, ctx, "editor with errors")
}

// publicPage opens a page as a resident would and returns "status text"; a 404 is an answer, not a failure.
func publicPage(t *testing.T, ctx context.Context, base, path string) string {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	body := run(t, ctx, "read "+path, chromedp.Evaluate[string](`document.body.innerText`))
	return strconv.FormatInt(resp.Status, 10) + " " + body
}

// waitFor polls a JavaScript condition until it holds, for updates that arrive after a debounce.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: %s did not happen within 10 seconds", what, cond)
}
