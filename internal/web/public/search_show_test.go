package public

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/kb"
	"loket/internal/municipality"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/web/ratelimit"
	"loket/internal/web/render"
	"loket/internal/web/searchlog"
)

// searchSite serves the public site over st with an index of articles and the municipality's settings.
func searchSite(t testing.TB, st *store.Store, settings func() municipality.Settings, articles ...kb.Article) (*httptest.Server, *search.Index, *searchlog.Logger) {
	t.Helper()
	if _, err := st.ImportArticles(context.Background(), articles, "test"); err != nil {
		t.Fatal(err)
	}
	ix, err := search.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(articles); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sl := searchlog.New(st, log)
	t.Cleanup(sl.Close)
	pages, err := render.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	h := New(Deps{Store: st, Search: ix, SearchLog: sl, Log: log, BaseURL: "http://loket.test"}, pages,
		ratelimit.New(600, 600, time.Minute), ratelimit.New(600, 600, time.Minute))
	mux := http.NewServeMux()
	h.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, ix, sl
}

// TestResultsPageCountsInDutch: the heading counts one result in the singular and none or several in the
// plural, and the no-answer box names the municipality's own counter, not a fixed address.
func TestResultsPageCountsInDutch(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	muni := municipality.Settings{Name: "Gemeente Anders", Contact: municipality.Contact{Address: "Raadhuis, Brink 3"}}
	art := func(id, title, summary string) kb.Article {
		return kb.Article{ID: id, Type: kb.TypeProduct, Title: title, Summary: summary, Body: summary, Theme: "Burgerzaken",
			Audience: []string{"inwoner"}, UPL: id, Owner: "Team", ReviewBy: "2027-01-01"}
	}
	srv, _, _ := searchSite(t, st, func() municipality.Settings { return muni },
		art("paspoort", "Paspoort", "Een paspoort vraagt u aan bij de balie."),
		art("rijbewijs", "Rijbewijs", "Een rijbewijs vraagt u aan bij de balie."))
	c := &http.Client{}
	for _, tc := range []struct{ q, want string }{
		{"paspoort", "1 resultaat voor ‘paspoort’"},
		{"balie", "2 resultaten voor ‘balie’"},
		{"zwembad", "0 resultaten voor ‘zwembad’"},
	} {
		page := get(t, c, srv.URL+"/zoeken?q="+url.QueryEscape(tc.q))
		if !strings.Contains(page, tc.want) {
			t.Errorf("%q: the page does not say %q", tc.q, tc.want)
		}
	}
	page := get(t, c, srv.URL+"/zoeken?q=zwembad")
	if !strings.Contains(page, "kom naar Raadhuis, Brink 3") || strings.Contains(page, "Marktplein") {
		t.Errorf("the no-answer box does not name the municipality's counter:\n%s", page)
	}
}
