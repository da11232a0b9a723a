package public

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"loket/internal/demo"
	"loket/internal/municipality"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// BenchmarkProductPage is one view of the demo's passport page through the public routes, without the
// network: the handler's and the templates' share of what BenchmarkHTTPAgainstPeer measures in internal/app.
func BenchmarkProductPage(b *testing.B) {
	mux := demoSite(b)
	benchPages(b, mux, func(int) string { return "/producten/paspoort" })
}

// BenchmarkSearchPage is one /zoeken results page over the demo's articles, for the HTTP benchmark's queries.
func BenchmarkSearchPage(b *testing.B) {
	mux := demoSite(b)
	queries := []string{"paspoort kosten", "kliko kapot", "verhuizen doorgeven", "parkeervergunning aanvragen",
		"boom kappen mag dat", "id kaart prijs", "grofvuil ophalen", "bijstand aanvragen"}
	benchPages(b, mux, func(i int) string { return "/zoeken?q=" + url.QueryEscape(queries[i%len(queries)]) })
}

func demoSite(b testing.TB) *http.ServeMux {
	st := storetest.Open(b, store.SQLite)
	articles, err := demo.Articles()
	if err != nil {
		b.Fatal(err)
	}
	muni := demo.Municipality()
	srv, _, _ := searchSite(b, st, func() municipality.Settings { return muni }, articles...)
	srv.Close()
	return srv.Config.Handler.(*http.ServeMux)
}

func benchPages(b *testing.B, mux *http.ServeMux, target func(i int) string) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target(i), nil))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: status %d", target(i), w.Code)
		}
		i++
	}
}
