package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/tenant"
)

// deployment is a running multi-tenant loket on loopback.
type deployment struct {
	URL string
	D   *app.Deployment
	DSN string // the host's database
}

func startDeployment(t *testing.T, dialect string, set ...func(*config.Config)) *deployment {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "host.db")
	if dialect == store.Postgres {
		dsn = storetest.PostgresURL(t)
	}
	return startDeploymentOn(t, dsn, nil, set...)
}

// startDeploymentOn starts a deployment on the host database dsn (another instance, when one runs on it).
func startDeploymentOn(t *testing.T, dsn string, opts []app.Option, set ...func(*config.Config)) *deployment {
	t.Helper()
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{DB: dsn, Addr: ln.Addr().String(), DataDir: t.TempDir(), LogLevel: "warn", ContactHours: "altijd"}
	for _, fn := range set {
		fn(&cfg)
	}
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	d, err := app.OpenDeployment(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})), opts...)
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.ServeListener(sctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
		d.Close()
	})
	return &deployment{URL: "http://" + ln.Addr().String(), D: d, DSN: dsn}
}

// addTenant registers a tenant the way `loket tenant add` does and waits until the deployment serves it.
func (dp *deployment) addTenant(t *testing.T, id, name, host string) *app.App {
	t.Helper()
	ctx := context.Background()
	tn := tenant.Tenant{ID: id, Name: name, Hosts: []string{host}}
	if err := tn.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := dp.D.Host().Store.AddTenant(ctx, tn); err != nil {
		t.Fatal(err)
	}
	// A new tenant's database is migrated first: on a loaded machine and PostgreSQL that takes seconds.
	deadline := time.Now().Add(30 * time.Second)
	for dp.D.Tenant(id) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("tenant %s not served 30 s after it was added", id)
		}
		time.Sleep(20 * time.Millisecond) // waits for the registry to be followed, not for time to pass
	}
	return dp.D.Tenant(id)
}

// on sends a request to the deployment as if to host.
func (dp *deployment) on(t *testing.T, host, method, path, token, body string, jar http.CookieJar) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, dp.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	} else if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestTenantsNeverSeeEachOther runs two municipalities on one deployment and checks, from B's host name,
// everything of A's: its site and settings, its articles in search and suggestions, its questions in the
// inbox, its staff token and session on every staff route, and its residents' links. Unknown host names get
// a neutral 404.
func TestTenantsNeverSeeEachOther(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		dp := startDeployment(t, dialect)
		ctx := context.Background()
		a := dp.addTenant(t, "gemeente-a", "Gemeente A", "gemeente-a.example")
		b := dp.addTenant(t, "gemeente-b", "Gemeente B", "gemeente-b.example")
		const hostA, hostB = "gemeente-a.example", "gemeente-b.example"

		// A has the demo knowledge base plus an article of its own, and its own name.
		articles, err := demo.Articles()
		if err != nil {
			t.Fatal(err)
		}
		only := kb.Article{ID: "zwemvergunning-a", Type: kb.TypeVAC, Title: "Zwemvergunning voor de Aaplas",
			Summary: "Alleen in gemeente A heeft u een zwemvergunning nodig.", Body: "Vraag de zwemvergunning aan.",
			Theme: "Sport", State: kb.StatePublished}
		if _, err := a.Store.ImportArticles(ctx, append(articles, only), "test"); err != nil {
			t.Fatal(err)
		}
		setA := a.Municipality.Current()
		setA.Name, setA.MailFromName, setA.MailDomain, setA.QuestionPrefix, setA.RequestPrefix = "Gemeente A", "Gemeente A", "gemeente-a.example", "GA", "GA"
		if err := a.Municipality.Save(ctx, "test", setA); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			_, body := dp.on(t, hostA, "GET", "/api/v1/search?q=zwemvergunning", "", "", nil)
			return strings.Contains(body, "zwemvergunning-a")
		})

		if code, body := dp.on(t, hostA, "GET", "/", "", "", nil); code != 200 || !strings.Contains(body, "Gemeente A") {
			t.Fatalf("A's home on A's host: %d", code)
		}
		if _, body := dp.on(t, hostB, "GET", "/", "", "", nil); strings.Contains(body, "Gemeente A") {
			t.Error("B's home page shows A's name")
		}
		for _, path := range []string{"/api/v1/search?q=zwemvergunning", "/api/v1/suggest?q=zwemverg", "/zoeken?q=zwemvergunning"} {
			if _, body := dp.on(t, hostB, "GET", path, "", "", nil); strings.Contains(body, "zwemvergunning-a") || strings.Contains(body, "Aaplas") {
				t.Errorf("%s on B finds A's article", path)
			}
		}
		if code, _ := dp.on(t, hostB, "GET", "/vragen/zwemvergunning-a", "", "", nil); code != http.StatusNotFound {
			t.Errorf("A's article on B's host: %d, want 404", code)
		}

		// A resident asks A a question; B's inbox and API know nothing of it.
		code, body := dp.on(t, hostA, "POST", "/api/v1/contact", "", `{"name":"Anna","email":"anna@example.org","subject":"Zwemmen","message":"Mag ik zwemmen in de Aaplas?"}`, nil)
		if code != http.StatusCreated {
			t.Fatalf("question to A: %d %s", code, body)
		}
		_, tokA := addStaff(t, a, "beheer@gemeente-a.example", auth.RoleAdmin)
		_, tokB := addStaff(t, b, "beheer@gemeente-b.example", auth.RoleAdmin)
		if _, body := dp.on(t, hostB, "GET", "/api/v1/conversations", tokB, "", nil); strings.Contains(body, "Aaplas") || strings.Contains(body, "anna@example.org") {
			t.Error("B's inbox lists A's question")
		}
		if _, body := dp.on(t, hostA, "GET", "/api/v1/conversations", tokA, "", nil); !strings.Contains(body, "Zwemmen") {
			t.Error("A's own inbox lacks the question")
		}

		// A's token reaches nothing of B: every staff route of B answers 401 to it.
		for _, r := range b.StaffRoutes() {
			method, pattern, _ := strings.Cut(r.Pattern, " ")
			path := pathParam.ReplaceAllString(pattern, "999999")
			code, _ := dp.on(t, hostB, method, path, tokA, "", nil)
			if code != http.StatusUnauthorized && code != http.StatusSeeOther {
				t.Errorf("%s on B with A's token: %d, want 401 or the login page", r.Pattern, code)
			}
		}
		// A's signed-in console session is no session on B.
		jar, _ := cookiejar.New(nil)
		password := setPassword(t, a, "beheer@gemeente-a.example")
		form := url.Values{"email": {"beheer@gemeente-a.example"}, "wachtwoord": {password}}.Encode()
		if code, _ := dp.on(t, hostA, "POST", "/beheer/inloggen", "", form, jar); code != http.StatusSeeOther {
			t.Fatalf("login on A: %d", code)
		}
		// The cookie jar keeps cookies per host; copy A's session cookie to B's host as an attacker would.
		aURL, _ := url.Parse("http://" + hostA)
		bURL, _ := url.Parse("http://" + hostB)
		jar.SetCookies(bURL, jar.Cookies(aURL))
		if code, _ := dp.on(t, hostA, "GET", "/beheer", "", "", jar); code != http.StatusOK {
			t.Fatalf("A's console with A's session: %d", code)
		}
		if code, _ := dp.on(t, hostB, "GET", "/beheer", "", "", jar); code != http.StatusSeeOther {
			t.Errorf("B's console with A's session: %d, want the login page", code)
		}

		// An unknown host name: a neutral 404 that names no municipality.
		code, body = dp.on(t, "onbekend.example", "GET", "/", "", "", nil)
		if code != http.StatusNotFound || strings.Contains(body, "Gemeente A") || strings.Contains(body, "Gemeente B") {
			t.Errorf("unknown host: %d %q", code, body)
		}
		if code, _ := dp.on(t, "onbekend.example", "GET", "/healthz", "", "", nil); code != http.StatusOK {
			t.Errorf("health check on any host: %d", code)
		}
	})
}

func setPassword(t *testing.T, a *app.App, email string) string {
	t.Helper()
	ctx := context.Background()
	u, err := a.Store.StaffUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.SetStaffPassword(ctx, u.ID, hash); err != nil {
		t.Fatal(err)
	}
	return password
}

// waitFor polls cond until it holds (the search index follows the store asynchronously).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
