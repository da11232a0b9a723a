package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/store"
)

// TestLearningFromResidents: residents find nothing for an unknown word and try other words that work; the
// editor sees the proposed rule, accepts it with one click, and the unknown word finds the article at
// once. The thesaurus and proposals pages pass axe-core.
func TestLearningFromResidents(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	email, password := addEditor(t, site)
	ctx := NewTab(t, 2*testTimeout)

	const unknown = "qwzrtplonk" // no word in the demo texts, the thesaurus or the word list is near it
	for range 2 {
		open(t, ctx, site.URL+"/zoeken?q="+unknown)
		if got := text(t, ctx, "#geen-antwoord"); got != "Geen goed antwoord gevonden" {
			t.Fatalf("no-answer heading: %q", got)
		}
		CheckAccessibility(t, ctx, "search without results")
		path := follow(t, ctx, "try other words", selectText("opnieuw"),
			chromedp.SendKeys(chromedp.CSS("#opnieuw"), "afvalcontainer"), chromedp.Submit(chromedp.CSS("#opnieuw")))
		if path != "/zoeken" {
			t.Fatalf("the search box led to %s", path)
		}
	}

	open(t, ctx, site.URL+"/beheer/inloggen")
	follow(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	// The search log is written in batches off the request path: reload until the proposal is there.
	deadline := time.Now().Add(15 * time.Second)
	for {
		open(t, ctx, site.URL+"/beheer/zoeken/voorstellen")
		body := run(t, ctx, "read proposals", chromedp.Text(chromedp.CSS("main")))
		if strings.Contains(body, "‘"+unknown+"’") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no proposal for %q: %s", unknown, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	CheckAccessibility(t, ctx, "proposals")
	if got := follow(t, ctx, "accept the rule", chromedp.Click(chromedp.CSS(`form:has(input[name="van"][value="`+unknown+`"]) button[value="overnemen"]`))); got != "/beheer/zoeken/voorstellen" {
		t.Fatalf("accepting led to %s", got)
	}
	if got := text(t, ctx, `.utrecht-alert[role="status"]`); !strings.Contains(got, "overgenomen") {
		t.Errorf("confirmation: %q", got)
	}

	open(t, ctx, site.URL+"/zoeken?q="+unknown)
	if n := run(t, ctx, "results for the word", chromedp.Evaluate[int](`document.querySelectorAll('.result-list a[href*="a=afvalcontainer"]').length`)); n == 0 {
		t.Error("the accepted rule does not make the word find the container article")
	}

	open(t, ctx, site.URL+"/beheer/thesaurus")
	CheckAccessibility(t, ctx, "thesaurus")
	follow(t, ctx, "open a theme", chromedp.Click(chromedp.CSS(`a[href="/beheer/thesaurus?thema=afval.txt"]`)))
	if got := text(t, ctx, "h1"); got != "Thesaurus: Afval" {
		t.Errorf("theme heading: %q", got)
	}
	CheckAccessibility(t, ctx, "thesaurus theme")

	// On a 390-pixel phone the pages do not scroll sideways.
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, path := range []string{"/beheer/thesaurus", "/beheer/thesaurus?thema=zorg.txt", "/beheer/zoeken/voorstellen", "/zoeken?q=" + unknown} {
		open(t, ctx, site.URL+path)
		w := run(t, ctx, "measure "+path, chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
		if w[1] != 390 || w[0] > w[1] {
			t.Errorf("%s on a phone: %d pixels of content in %d", path, w[0], w[1])
		}
	}
}
