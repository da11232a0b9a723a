package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// startDemo serves a loket with the demo knowledge base on the given database.
func startDemo(t testing.TB, dialect string) (*httptest.Server, *app.App) {
	t.Helper()
	dsn := storetest.Open(t, dialect).DSN()
	return startOn(t, dsn, true)
}

// startOn serves loket on the database dsn, optionally after importing the demo knowledge base; settings
// change the configuration before it is loaded.
func startOn(t testing.TB, dsn string, importDemo bool, settings ...func(*config.Config)) (*httptest.Server, *app.App) {
	t.Helper()
	return startOnWith(t, dsn, importDemo, nil, settings...)
}

// startOnWith is startOn with options for app.Open (app.WithClock, for one).
func startOnWith(t testing.TB, dsn string, importDemo bool, opts []app.Option, settings ...func(*config.Config)) (*httptest.Server, *app.App) {
	t.Helper()
	ctx := context.Background()
	if importDemo {
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		articles, err := demo.Articles()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportArticles(ctx, articles, "test"); err != nil {
			t.Fatal(err)
		}
		if err := demo.SaveMunicipality(ctx, st); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	cfg := config.Config{DB: dsn, Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "warn"}
	for _, set := range settings {
		set(&cfg)
	}
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})), opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	return srv, a
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestEveryDemoArticleHasAPageAndAnAPIEntry(t *testing.T) {
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, _ := startOn(t, s.DSN(), true)
		for _, a := range articles {
			code, body := get(t, srv.URL+kb.Path(a))
			if code != 200 || !strings.Contains(body, htmlEscape(a.Title)) {
				t.Fatalf("%s: status %d, title missing", kb.Path(a), code)
			}
			if strings.Contains(body, htmlEscape(a.Internal)) && a.Internal != "" {
				t.Fatalf("%s shows the internal note to residents", kb.Path(a))
			}
			code, body = get(t, srv.URL+"/api/v1/articles/"+a.ID)
			var got map[string]any
			if code != 200 || json.Unmarshal([]byte(body), &got) != nil {
				t.Fatalf("api %s: %d %s", a.ID, code, body)
			}
			if got["title"] != a.Title || got["url"] != srv.URL+kb.Path(a) && !strings.HasSuffix(got["url"].(string), kb.Path(a)) {
				t.Fatalf("api %s: %v", a.ID, got)
			}
			if _, leaked := got["internal"]; leaked {
				t.Fatalf("public API shows the internal note of %s", a.ID)
			}
		}
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestHomeThemeAndBreadcrumbs(t *testing.T) {
	srv, _ := startDemo(t, store.SQLite)
	code, body := get(t, srv.URL+"/")
	if code != 200 || !strings.Contains(body, `href="/thema/wonen-en-bouwen"`) || !strings.Contains(body, `href="/producten/paspoort"`) {
		t.Fatalf("home: %d, themes or top tasks missing", code)
	}
	code, body = get(t, srv.URL+"/thema/afval-en-openbare-ruimte")
	if code != 200 || !strings.Contains(body, "Grofvuil") {
		t.Fatalf("theme page: %d", code)
	}
	code, body = get(t, srv.URL+"/producten/paspoort")
	if code != 200 || !strings.Contains(body, `aria-label="Kruimelpad"`) || !strings.Contains(body, `href="/thema/burgerzaken"`) {
		t.Fatalf("product page breadcrumbs: %d", code)
	}
	if !strings.Contains(body, "€ 84,00") || !strings.Contains(body, "Was dit antwoord nuttig?") {
		t.Fatal("product page misses the cost or the feedback question")
	}
}

func TestUnknownAndBadRequests(t *testing.T) {
	srv, _ := startDemo(t, store.SQLite)
	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/bestaat-niet", 404, "Deze pagina bestaat niet"},
		{"/producten/bestaat-niet", 404, "Deze pagina bestaat niet"},
		{"/thema/bestaat-niet", 404, "Deze pagina bestaat niet"},
		{"/api/v1/articles/bestaat-niet", 404, `"error"`},
		{"/zoeken?q=" + strings.Repeat("a", 301), 400, "te lang"},
		{"/api/v1/search?q=" + strings.Repeat("a", 301), 400, "te lang"},
		{"/api/v1/search?q=paspoort&limit=0", 400, "limit"},
		{"/api/v1/search?q=paspoort&limit=abc", 400, "limit"},
		{"/api/v1/search?q=%ff%fe", 400, "tekens"},
		{"/api/v1/articles?type=iets", 400, "type"},
		{"/vragen/paspoort", 200, "Paspoort aanvragen"}, // wrong section redirects to the right one
	} {
		code, body := get(t, srv.URL+tc.path)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d with %q", tc.path, code, tc.code, tc.want)
		}
	}
}

func TestFeedbackIsStoredAndValidated(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(form url.Values) *http.Response {
		resp, err := client.PostForm(srv.URL+"/feedback/paspoort", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(url.Values{"nuttig": {"ja"}, "toelichting": {"Duidelijk!"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("feedback: %d", resp.StatusCode)
	}
	if resp := post(url.Values{"nuttig": {"misschien"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid feedback: %d", resp.StatusCode)
	}
	if resp := post(url.Values{"nuttig": {"nee"}, "website": {"http://spam"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("honeypot: %d", resp.StatusCode)
	}
	c, err := a.Store.FeedbackFor(context.Background(), "paspoort")
	if err != nil || c != (store.FeedbackCount{Useful: 1}) {
		t.Fatalf("stored feedback %+v %v (the invalid and the honeypot one must not count)", c, err)
	}
}

func TestSearchAPIShape(t *testing.T) {
	srv, _ := startDemo(t, store.SQLite)
	code, body := get(t, srv.URL+"/api/v1/search?q=paspoort+kosten&limit=3")
	var resp struct {
		Query   string `json:"query"`
		Results []struct {
			ID, Type, Title, Summary, URL string
			Score                         float64
		} `json:"results"`
		Answer *struct{ ID, Title, Text, URL string } `json:"answer"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &resp) != nil {
		t.Fatalf("search: %d %s", code, body)
	}
	if resp.Query != "paspoort kosten" || len(resp.Results) == 0 || len(resp.Results) > 3 || resp.Results[0].ID != "paspoort" {
		t.Fatalf("search results: %+v", resp)
	}
	if resp.Answer == nil || resp.Answer.ID != "paspoort" || resp.Answer.Text == "" || !strings.HasSuffix(resp.Answer.URL, "/producten/paspoort") {
		t.Fatalf("direct answer: %+v", resp.Answer)
	}
}

func TestOperationalEndpoints(t *testing.T) {
	srv, _ := startOn(t, storetest.Open(t, store.SQLite).DSN(), true, func(c *config.Config) { c.Security.MetricsToken = "meet-geheim" })
	for _, p := range []string{"/healthz", "/readyz"} {
		if code, _ := get(t, srv.URL+p); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	get(t, srv.URL+"/producten/paspoort")
	if code, _ := get(t, srv.URL+"/metrics"); code != 404 {
		t.Errorf("metrics without the token: %d, want 404", code)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer meet-geheim")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `loket_http_requests_total{code="200",route="GET /producten/{id}"}`) {
		t.Errorf("metrics: %d", resp.StatusCode)
	}
}
