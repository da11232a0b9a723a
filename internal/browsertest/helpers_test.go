package browsertest

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
)

// testTimeout bounds each browser test, so a wait that never ends fails instead of hanging the run.
const testTimeout = 60 * time.Second

// startResidentSite serves the demo loket and opens a browser tab for one test.
func startResidentSite(t *testing.T) (*Site, context.Context) {
	t.Helper()
	site := StartDemo(t, store.SQLite)
	return site, NewTab(t, testTimeout)
}

// open loads a page, like typing its address, and fails unless it answers 200.
func open(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	if resp.Status != 200 {
		t.Fatalf("open %s: status %d", u, resp.Status)
	}
}

// follow runs the actions (a click, a key press) that start a navigation, waits for the new page and
// fails unless it answers 200. It returns the path of the page it ended on, after redirects.
func follow(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) string {
	t.Helper()
	return followTo(t, ctx, what, 200, actions...)
}

// followTo is follow for a page that must answer with the given status.
func followTo(t *testing.T, ctx context.Context, what string, status int64, actions ...chromedp.Action[chromedp.Void]) string {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != status {
		t.Fatalf("%s: status %d at %s, want %d", what, resp.Status, resp.URL, status)
	}
	u, err := url.Parse(resp.URL)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return u.Path
}

// run runs one action that returns a value and fails the test if it fails.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs actions that return no value and fails the test if one fails.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// text is the visible text of the first element that matches the CSS selector, once it is visible.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	do(t, ctx, "wait for "+css, chromedp.WaitVisible(chromedp.CSS(css)))
	return run(t, ctx, "read "+css, chromedp.Text(chromedp.CSS(css)))
}

// demoArticle is an article of the demo knowledge base, so expectations follow the data.
func demoArticle(t *testing.T, id string) kb.Article {
	t.Helper()
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range articles {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("demo knowledge base has no article %q", id)
	return kb.Article{}
}
