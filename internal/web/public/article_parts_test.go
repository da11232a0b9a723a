package public

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/web/ratelimit"
	"loket/internal/web/render"
)

// TestArticlePartsRenderAsLive: every demo article's page, in Dutch and in English, after thanks and
// with a feedback error, is the same whether its parts were rendered once into the cache or are rendered
// at the view; and the cached parts are really used for the plain Dutch view.
func TestArticlePartsRenderAsLive(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportArticles(context.Background(), articles, "test"); err != nil {
		t.Fatal(err)
	}
	pages, err := render.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	site := func(parts bool) (*Handler, *http.ServeMux) {
		h := New(Deps{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "http://loket.test"}, pages,
			ratelimit.New(600, 600, time.Minute), ratelimit.New(600, 600, time.Minute))
		if !parts {
			h.articles.parts = nil
		}
		mux := http.NewServeMux()
		h.Routes(mux)
		return h, mux
	}
	withParts, cached := site(true)
	_, live := site(false)
	get := func(mux *http.ServeMux, method, target, body string) string {
		r := httptest.NewRequest(method, target, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Body.String()
	}
	seen := 0
	for _, a := range articles {
		if !a.Published() {
			continue
		}
		path := kb.Path(a)
		for _, target := range []string{path, path + "?taal=en", path + "?bedankt=1"} {
			got, want := get(cached, http.MethodGet, target, ""), get(live, http.MethodGet, target, "")
			if got != want {
				t.Errorf("%s: the page from cached parts differs from the live page", target)
			}
		}
		// No choice made: the form comes back with its error and the comment typed.
		post := "toelichting=" + "Te+lang+verhaal"
		if got, want := get(cached, http.MethodPost, "/feedback/"+a.ID, post), get(live, http.MethodPost, "/feedback/"+a.ID, post); got != want {
			t.Errorf("%s: the feedback form with an error differs from the live page", a.ID)
		}
		e, found, err := withParts.articles.published(context.Background(), a.ID)
		if err != nil || !found || e.Parts == nil {
			t.Fatalf("%s: cached without parts (found %v, err %v)", a.ID, found, err)
		}
		if !strings.Contains(string(e.Parts.Top), ">"+strings.ReplaceAll(a.Title, "'", "&#39;")+"</h1>") {
			t.Errorf("%s: the cached top holds no heading with the title %q", a.ID, a.Title)
		}
		seen++
	}
	if seen < 10 {
		t.Fatalf("only %d published demo articles compared", seen)
	}
}
