package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestSearchPage types in the header search box as a resident does: suggestions while typing, a search
// with results, and a search that finds nothing useful.
func TestSearchPage(t *testing.T) {
	site, ctx := startResidentSite(t)
	open(t, ctx, site.URL+"/")
	checkSuggestions(t, ctx, "paspoort")

	path := follow(t, ctx, "search for 'paspoort kosten'",
		chromedp.SendKeys(chromedp.CSS("#zoekveld"), " kosten"+kb.Enter))
	if path != "/zoeken" {
		t.Fatalf("search led to %s", path)
	}
	if got := run(t, ctx, "read search box", chromedp.Value(chromedp.CSS("#zoekveld"))); got != "paspoort kosten" {
		t.Errorf("search box on the results page: %q, want the query kept", got)
	}
	if got := text(t, ctx, "#resultaten"); !strings.HasSuffix(got, "resultaten voor ‘paspoort kosten’") || strings.HasPrefix(got, "0 ") {
		t.Errorf("results heading: %q", got)
	}
	checkDirectAnswer(t, ctx)
	CheckAccessibility(t, ctx, "search results")

	result := `.result-list a[href*="a=paspoort"]`
	if got := follow(t, ctx, "open the paspoort result", chromedp.Click(chromedp.CSS(result))); got != "/producten/paspoort" {
		t.Errorf("search result led to %s", got)
	}

	follow(t, ctx, "search for nonsense",
		selectText("zoekveld"),
		chromedp.SendKeys(chromedp.CSS("#zoekveld"), "xyzzy qwerty"+kb.Enter))
	if got := text(t, ctx, "#geen-antwoord"); got != "Geen goed antwoord gevonden" {
		t.Errorf("nonsense search: %q", got)
	}
	if n := run(t, ctx, "look for an answer", chromedp.Evaluate[int](`document.querySelectorAll(".direct-answer").length`)); n != 0 {
		t.Error("nonsense search shows a direct answer")
	}
	CheckAccessibility(t, ctx, "search without a good answer")
}

// checkSuggestions types the query key by key and expects the suggestion list to open with links, to follow
// the arrow keys, and to close on Escape.
func checkSuggestions(t *testing.T, ctx context.Context, query string) {
	t.Helper()
	do(t, ctx, "type "+query, chromedp.Click(chromedp.CSS("#zoekveld")), chromedp.SendKeys(chromedp.CSS("#zoekveld"), query))
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second) // they come within a second, or not at all
	defer cancel()
	do(t, waitCtx, "wait for suggestions", chromedp.WaitVisible(chromedp.CSS("#zoeksuggesties a")))
	list := run(t, ctx, "read suggestions", chromedp.Evaluate[struct {
		Hidden   bool
		Expanded string
		Links    []string
	}](`({
		Hidden: document.getElementById("zoeksuggesties").hidden,
		Expanded: document.getElementById("zoekveld").getAttribute("aria-expanded"),
		Links: [...document.querySelectorAll("#zoeksuggesties a[href]")].map(a => a.innerText),
	})`))
	if list.Hidden || list.Expanded != "true" || len(list.Links) == 0 {
		t.Fatalf("suggestions after typing %q: %+v", query, list)
	}
	if !strings.Contains(strings.ToLower(strings.Join(list.Links, "\n")), query) {
		t.Errorf("no suggestion mentions %q: %q", query, list.Links)
	}
	CheckAccessibility(t, ctx, "search suggestions")

	do(t, ctx, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
	active := run(t, ctx, "read active suggestion", chromedp.Evaluate[string](`(() => {
		const id = document.getElementById("zoekveld").getAttribute("aria-activedescendant");
		const el = id && document.getElementById(id);
		return el && el.getAttribute("aria-selected") === "true" ? el.innerText : "";
	})()`))
	if active != list.Links[0] {
		t.Errorf("after arrow down the active suggestion is %q, want %q", active, list.Links[0])
	}
	do(t, ctx, "close suggestions", chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(chromedp.CSS("#zoeksuggesties")))
	if got := run(t, ctx, "read search box", chromedp.Value(chromedp.CSS("#zoekveld"))); got != query {
		t.Errorf("after closing the suggestions with Escape the search box holds %q, want %q", got, query)
	}
}

// checkDirectAnswer checks the direct answer section when the search gave one: a heading, text and a link.
func checkDirectAnswer(t *testing.T, ctx context.Context) {
	t.Helper()
	answer := run(t, ctx, "read direct answer", chromedp.Evaluate[struct {
		Found         bool
		Heading, Link string
		Text          string
	}](`(() => {
		const s = document.querySelector(".direct-answer");
		if (!s) return {Found: false};
		return {Found: true, Heading: s.querySelector("h2")?.innerText ?? "", Text: s.innerText,
			Link: s.querySelector("a[href]")?.getAttribute("href") ?? ""};
	})()`))
	if !answer.Found {
		t.Log("the search gave no direct answer")
		return
	}
	if answer.Heading != "Het antwoord" || answer.Link == "" || len(answer.Text) < len(answer.Heading)+20 {
		t.Errorf("direct answer section: %+v", answer)
	}
}

// selectText focuses a text field and selects what it holds, so the next keys replace it.
func selectText(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(f => { f.focus(); f.select(); return true })(document.getElementById("`+id+`"))`)(ctx, tgt)
		return err
	})
}
