package browsertest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"loket/internal/kb"
	"loket/internal/store"
)

// TestResidentJourney follows a resident from the home page through a theme and a product to a question,
// and answers "Was dit antwoord nuttig?" there, with axe-core on every page on the way.
func TestResidentJourney(t *testing.T) {
	site, ctx := startResidentSite(t)
	product := demoArticle(t, "paspoort")
	themePath := "/thema/" + kb.ThemeSlug(product.Theme)

	open(t, ctx, site.URL+"/")
	if got := text(t, ctx, `label[for="zoekveld"]`); got != "Zoeken op de website" {
		t.Errorf("search box label: %q", got)
	}
	themes := run(t, ctx, "count themes", chromedp.Evaluate[int](
		`document.querySelectorAll('section[aria-labelledby="themas"] a[href^="/thema/"]').length`))
	if themes < 3 {
		t.Errorf("home page shows %d theme links", themes)
	}
	CheckAccessibility(t, ctx, "home page")

	if got := follow(t, ctx, "open theme", chromedp.Click(chromedp.CSS(`a[href="`+themePath+`"]`))); got != themePath {
		t.Fatalf("theme link led to %s", got)
	}
	if got := text(t, ctx, "h1"); got != product.Theme {
		t.Errorf("theme page heading: %q", got)
	}
	CheckAccessibility(t, ctx, "theme page")

	if got := follow(t, ctx, "open product", chromedp.Click(chromedp.CSS(`a[href="`+kb.Path(product)+`"]`))); got != kb.Path(product) {
		t.Fatalf("product link led to %s", got)
	}
	checkProductFacts(t, ctx, product)
	CheckAccessibility(t, ctx, "product page")

	question, questionPath := followRelatedQuestion(t, ctx)
	checkBreadcrumbs(t, ctx, []crumb{{"Home", "/"}, {product.Theme, themePath}, {question, ""}})
	CheckAccessibility(t, ctx, "question page")

	if got := answerFeedback(t, ctx); got != questionPath {
		t.Errorf("after sending feedback the resident is on %s, want %s", got, questionPath)
	}
	CheckAccessibility(t, ctx, "question page after feedback")

	id := strings.TrimPrefix(questionPath, "/vragen/")

	c, err := site.App.Store.FeedbackFor(context.Background(), id)
	if err != nil || c != (store.FeedbackCount{NotUseful: 1}) {
		t.Errorf("stored feedback for %s: %+v, %v; want one 'nee'", id, c, err)
	}
	var comment string
	err = site.App.Store.QueryRow(context.Background(), `SELECT comment FROM feedback WHERE article_id = ?`, id).Scan(&comment)
	if err != nil || comment != feedbackComment {
		t.Errorf("stored comment %q, %v; want %q", comment, err, feedbackComment)
	}
}

// checkProductFacts reads the cost, lead time and channels block of a product page.
func checkProductFacts(t *testing.T, ctx context.Context, product kb.Article) {
	t.Helper()
	if got := text(t, ctx, "h1"); got != product.Title {
		t.Errorf("product page heading: %q", got)
	}
	facts := run(t, ctx, "read facts", chromedp.Evaluate[map[string]string](`Object.fromEntries(
		[...document.querySelectorAll(".facts > div")].map(d => [d.querySelector("dt").innerText.trim(), d.querySelector("dd").innerText.trim()]))`))
	for term, want := range map[string]string{"Kosten": product.Cost, "Hoe lang duurt het?": product.LeadTime} {
		if facts[term] != want {
			t.Errorf("product page %q: %q, want %q", term, facts[term], want)
		}
	}
	if facts["Zo regelt u het"] == "" {
		t.Errorf("product page misses 'Zo regelt u het': %q", facts)
	}
}

// followRelatedQuestion opens the first question under "Zie ook" and returns its title and path.
func followRelatedQuestion(t *testing.T, ctx context.Context) (title, path string) {
	t.Helper()
	link := `section[aria-labelledby="zie-ook"] a[href^="/vragen/"]`
	title = text(t, ctx, link)
	href := run(t, ctx, "read related link", chromedp.Evaluate[string](`document.querySelector('`+link+`').getAttribute("href")`))
	if got := follow(t, ctx, "open related question", chromedp.Click(chromedp.CSS(link))); got != href {
		t.Fatalf("related link %s led to %s", href, got)
	}
	if got := text(t, ctx, "h1"); got != title {
		t.Errorf("question page heading %q, link said %q", got, title)
	}
	return title, href
}

type crumb struct{ Label, Href string }

// checkBreadcrumbs compares the breadcrumb trail; the last crumb is the current page, without a link.
func checkBreadcrumbs(t *testing.T, ctx context.Context, want []crumb) {
	t.Helper()
	do(t, ctx, "wait for breadcrumbs", chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Kruimelpad"]`)))
	got := run(t, ctx, "read breadcrumbs", chromedp.Evaluate[[]crumb](`[...document.querySelectorAll('nav[aria-label="Kruimelpad"] li')].map(li => {
		const a = li.querySelector("a");
		return {Label: li.innerText.trim(), Href: a ? a.getAttribute("href") : ""};
	})`))
	if !slices.Equal(got, want) {
		t.Errorf("breadcrumbs %q, want %q", got, want)
	}
	current := run(t, ctx, "read current crumb", chromedp.Evaluate[string](
		`document.querySelector('nav[aria-label="Kruimelpad"] [aria-current="page"]')?.innerText.trim() ?? ""`))
	if current != want[len(want)-1].Label {
		t.Errorf("breadcrumb marked as the current page: %q", current)
	}
}

const feedbackComment = "Ik mis wat ik meenemen moet, één voorbeeld zou helpen."

// answerFeedback sends the feedback form, first without a choice (the form must keep the comment and say
// what is missing), then with "Nee". It returns the path of the page the resident ends on.
func answerFeedback(t *testing.T, ctx context.Context) string {
	t.Helper()
	followTo(t, ctx, "send feedback without a choice", 422,
		chromedp.SendKeys(chromedp.CSS("#toelichting"), feedbackComment),
		chromedp.Click(chromedp.CSS(`#feedback button[type="submit"]`)))
	if got := text(t, ctx, "#feedback-fout"); got != "Kies ja of nee." {
		t.Errorf("error without a choice: %q", got)
	}
	if got := run(t, ctx, "read comment", chromedp.Value(chromedp.CSS("#toelichting"))); got != feedbackComment {
		t.Errorf("comment after the error: %q, want it kept", got)
	}
	CheckAccessibility(t, ctx, "feedback form with an error")

	do(t, ctx, "choose Nee", chromedp.Click(`//label[normalize-space(.)="Nee"]`))
	if !run(t, ctx, "read choice", chromedp.JavascriptAttribute[bool](chromedp.CSS(`input[name="nuttig"][value="nee"]`), "checked")) {
		t.Fatal("clicking the label 'Nee' did not choose it")
	}
	path := follow(t, ctx, "send feedback", chromedp.Click(chromedp.CSS(`#feedback button[type="submit"]`)))
	if got := text(t, ctx, `#feedback [role="status"]`); !strings.HasPrefix(got, "Bedankt voor uw reactie") {
		t.Errorf("after sending feedback: %q", got)
	}
	return path
}
