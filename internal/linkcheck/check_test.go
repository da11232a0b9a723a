package linkcheck_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"loket/internal/kb"
	"loket/internal/linkcheck"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func article(id, typ, state, body string) kb.Article {
	return kb.Article{ID: id, Type: typ, Title: "Titel " + id, Theme: "Thema", Summary: "Kort.", Body: body, State: state}
}

// TestCheckAll runs a real check against a local web server and the store, on both databases.
func TestCheckAll(t *testing.T) {
	var inFlight, maxInFlight atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
		}
		switch r.URL.Path {
		case "/ok":
		case "/head-refused":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/slow":
			select { // longer than the checker waits; ends when the checker hangs up
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
			}
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case "/gone":
			w.WriteHeader(http.StatusGone)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()

	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		maxInFlight.Store(0)
		body := strings.Join([]string{
			"[werkt](" + site.URL + "/ok) en [ook](" + site.URL + "/head-refused) en <" + site.URL + "/moved>",
			"[weg](" + site.URL + "/gone) en [nooit](" + site.URL + "/missing) en [traag](" + site.URL + "/slow)",
			"[paspoort](/producten/paspoort) [concept](/vragen/concept) [onbekend](/producten/bestaat-niet)",
			"[thema](/thema/burgerzaken) [mail](mailto:info@voorbeeld.nl) [anker](#kosten) [kapot](ftp://x)",
			"[eigen site](http://loket.test/vragen/links)",
		}, "\n\n")
		articles := []kb.Article{
			article("paspoort", kb.TypeProduct, kb.StatePublished, "Tekst zonder links."),
			article("concept", kb.TypeVAC, kb.StateDraft, "Nog niet af."),
			article("links", kb.TypeVAC, kb.StatePublished, body),
		}
		if _, err := s.ImportArticles(ctx, articles, "test"); err != nil {
			t.Fatal(err)
		}
		c := &linkcheck.Checker{Store: s, BaseURL: "http://loket.test", AllowPrivate: true, Timeout: 500 * time.Millisecond,
			Concurrency: 2, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		sum, err := c.CheckAll(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		broken, stored, err := s.BrokenLinks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range broken {
			got = append(got, strings.TrimPrefix(b.URL, site.URL)+" "+b.Problem)
		}
		slices.Sort(got)
		want := []string{
			"/gone De pagina bestaat niet (meer) (status 410).",
			"/missing De pagina bestaat niet (meer) (status 404).",
			"/producten/bestaat-niet Dit artikel bestaat niet of is niet gepubliceerd.",
			"/slow De website antwoordt niet op tijd.",
			"/vragen/concept Dit artikel bestaat niet of is niet gepubliceerd.",
			"ftp://x Dit is geen geldig webadres (het moet met http:// of https:// beginnen).",
		}
		if !slices.Equal(got, want) {
			t.Errorf("broken links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if sum.Links != 12 || sum.Broken != 6 || stored.Checked != 12 || stored.Broken != 6 || stored.LastRun.IsZero() {
			t.Errorf("summary %+v, stored %+v; want 12 links of which 6 broken", sum, stored)
		}
		if m := maxInFlight.Load(); m > 2 {
			t.Errorf("%d requests at once, want at most the configured 2", m)
		}

		// Fixing the article and checking again replaces the old results.
		articles[2].Body = "[werkt](" + site.URL + "/ok)"
		if err := s.SaveArticle(ctx, articles[2], "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CheckAll(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if broken, stored, _ := s.BrokenLinks(ctx); len(broken) != 0 || stored.Checked != 1 {
			t.Errorf("after the fix: %d broken of %d", len(broken), stored.Checked)
		}
	})
}

// TestPrivateAddressesRefused keeps a link in an article from probing loket's own network.
func TestPrivateAddressesRefused(t *testing.T) {
	var reached atomic.Bool
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Store(true) }))
	defer site.Close()
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if err := s.SaveArticle(ctx, article("intern", kb.TypeVAC, "", "[intern]("+site.URL+"/admin)"), "test"); err != nil {
		t.Fatal(err)
	}
	c := &linkcheck.Checker{Store: s, BaseURL: "http://loket.test", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := c.CheckAll(ctx, ""); err != nil {
		t.Fatal(err)
	}
	broken, _, err := s.BrokenLinks(ctx)
	if err != nil || len(broken) != 1 || !strings.Contains(broken[0].Problem, "intern netwerk") {
		t.Fatalf("broken = %+v, %v; want the private address refused", broken, err)
	}
	if reached.Load() {
		t.Error("the check reached a loopback server although private addresses are refused")
	}
}

// A run is recorded even when no article has a link (the console then says when it ran, not "nog niet
// gecontroleerd"); a second run waits for the first; one article can be checked on its own.
func TestRunsAndOneArticle(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &linkcheck.Checker{Store: s, BaseURL: "http://loket.test", AllowPrivate: true, Timeout: time.Second,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if _, err := s.ImportArticles(ctx, []kb.Article{article("zonder", kb.TypeVAC, kb.StatePublished, "Geen links.")}, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CheckAll(ctx, "redacteur@voorbeeld.nl"); err != nil {
			t.Fatal(err)
		}
		_, sum, err := s.BrokenLinks(ctx)
		if err != nil || sum.LastRun.IsZero() || sum.Checked != 0 {
			t.Fatalf("after a run over articles without links: %+v %v, want a last run", sum, err)
		}
		run, err := s.LastLinkRun(ctx)
		if err != nil || run.Running() || run.StartedBy != "redacteur@voorbeeld.nl" {
			t.Fatalf("run %+v %v", run, err)
		}
		// While a run is busy (started, not finished) another one does not start.
		if started, err := s.StartLinkRun(ctx, "ander", 5); err != nil || !started {
			t.Fatalf("start: %v %v", started, err)
		}
		if _, err := c.CheckAll(ctx, ""); !errors.Is(err, linkcheck.ErrRunning) {
			t.Fatalf("second run: %v, want ErrRunning", err)
		}
		if err := s.LinkRunProgress(ctx, 3); err != nil {
			t.Fatal(err)
		}
		if run, _ := s.LastLinkRun(ctx); !run.Running() || run.Done != 3 || run.Total != 5 {
			t.Fatalf("progress %+v, want 3 of 5 and running", run)
		}
		// One article on its own: its results are replaced, the others stay.
		two := article("twee", kb.TypeVAC, kb.StatePublished, "[werkt]("+site.URL+"/ok) en [weg]("+site.URL+"/weg) en [zonder](/vragen/zonder)")
		if err := s.SaveArticle(ctx, two, "test"); err != nil {
			t.Fatal(err)
		}
		got, err := c.CheckArticle(ctx, "twee")
		if err != nil || got.Links != 3 || got.Broken != 1 {
			t.Fatalf("one article: %+v %v, want 3 links of which 1 broken", got, err)
		}
		broken, _, _ := s.BrokenLinks(ctx)
		if len(broken) != 1 || broken[0].URL != site.URL+"/weg" {
			t.Fatalf("broken after checking one article: %+v", broken)
		}
	})
}
