package app_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/tenant"
)

// TestChangeReachesOtherInstance runs two loket instances on one PostgreSQL: an article published through
// one must be found by the search index of the other within a second.
func TestChangeReachesOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	_, first := startOn(t, dsn, true)
	_, second := startOn(t, dsn, false)
	hasHit := func(q, id string) func() bool {
		return func() bool { return indexFinds(t, second.Search, q, id) }
	}
	// Warm-up: the second instance subscribes in the background after it starts; once this change arrives it
	// is listening, and the next changes measure the notification path alone.
	warm := kb.Article{ID: "warm-up", Type: kb.TypeVAC, Title: "Opwarmvraag", Theme: "Sport", Summary: "s", Body: "b"}
	if err := first.Store.SaveArticle(context.Background(), warm, "test"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "warm-up article", hasHit("opwarmvraag", warm.ID))
	a := kb.Article{ID: "zwembad-abonnement", Type: kb.TypeProduct, Title: "Zwembadabonnement kopen",
		Theme: "Sport", Summary: "Koop een abonnement voor het zwembad.", Body: "Het zwembad is open van 7 tot 22 uur."}
	if err := first.Store.SaveArticle(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	d := waitUntil(t, "new article", hasHit("zwembadabonnement", a.ID))
	t.Logf("a new article reached the other instance's index after %v", d)
	if d > time.Second {
		t.Errorf("new article reached the other instance after %v, want within 1 s", d)
	}
	a.State = kb.StateDraft
	if err := first.Store.SaveArticle(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	gone := hasHit("zwembadabonnement", a.ID)
	if d := waitUntil(t, "unpublished article", func() bool { return !gone() }); d > time.Second {
		t.Errorf("unpublishing reached the other instance after %v, want within 1 s", d)
	}
	if second.Store.Dialect() != store.Postgres {
		t.Fatal("not on PostgreSQL")
	}
}

// indexFinds reports whether a search for q in ix has the article id among its first five results.
func indexFinds(t *testing.T, ix *search.Index, q, id string) bool {
	t.Helper()
	res, err := ix.Search(q, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// waitUntil polls ok for up to 5 s and returns how long it took; it fails the test when ok never holds.
func waitUntil(t *testing.T, what string, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if ok() {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s: not seen by the other instance within 5 s", what)
	return 0
}

// TestNewTenantReachesEveryInstanceAtOnce: a municipality added on the host console of instance A is
// served by A as soon as the console answers (SQLite and PostgreSQL), and by instance B on the same
// PostgreSQL within a second, by the registry's notification: both instances read the registry only
// once an hour, so the poll cannot be what brings it.
func TestNewTenantReachesEveryInstanceAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		const adminHost = "beheer.host.example"
		dsn := filepath.Join(t.TempDir(), "host.db")
		postgres := strings.HasSuffix(t.Name(), "postgres")
		if postgres {
			dsn = storetest.PostgresURL(t)
		}
		hourly := []app.Option{app.WithTenantPoll(time.Hour)}
		withConsole := func(c *config.Config) { c.HostAdminHost = adminHost }
		a := startDeploymentOn(t, dsn, hourly, withConsole)
		var b *deployment
		if postgres {
			b = startDeploymentOn(t, dsn, hourly, withConsole)
			// B follows A's first tenant through the registry's notification, not a tenant of its start.
		}
		addStaff(t, a.D.Host(), "beheer@host.example", auth.RoleAdmin)
		jar := a.signIn(t, a.D.Host(), adminHost, "beheer@host.example")
		for _, id := range []string{"gemeente-c", "gemeente-d"} {
			form := url.Values{"id": {id}, "name": {"Gemeente " + id}, "hosts": {id + ".example"}}.Encode()
			start := time.Now()
			if code, page := a.on(t, adminHost, "POST", "/beheer/gemeenten", "", form, jar); code != http.StatusSeeOther {
				t.Fatalf("add %s: %d %s", id, code, errorsOf(page))
			}
			if code, page := a.on(t, id+".example", "GET", "/", "", "", nil); code != http.StatusOK || !strings.Contains(page, "Gemeente "+id) {
				t.Errorf("%s on instance A right after the console answered: %d", id, code)
			}
			if b == nil {
				continue
			}
			for b.D.Tenant(id) == nil && time.Since(start) < 5*time.Second {
				time.Sleep(5 * time.Millisecond) // waits for the notification, not for time to pass
			}
			took := time.Since(start)
			code, page := b.on(t, id+".example", "GET", "/", "", "", nil)
			if code != http.StatusOK || !strings.Contains(page, "Gemeente "+id) {
				t.Fatalf("%s on instance B %v after it was added: %d", id, took, code)
			}
			t.Logf("%s served by instance B %v after the console was asked to add it", id, took)
			if took > time.Second {
				t.Errorf("%s reached instance B after %v, want within 1 s", id, took)
			}
		}
	})
}

// logCount counts the log records with a given message, from every goroutine.
type logCount struct {
	msg string
	n   *atomic.Int32
}

func (l logCount) Enabled(context.Context, slog.Level) bool { return true }
func (l logCount) Handle(_ context.Context, r slog.Record) error {
	if r.Message == l.msg {
		l.n.Add(1)
	}
	return nil
}
func (l logCount) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l logCount) WithGroup(string) slog.Handler      { return l }

// TestStartUpBuildsEachIndexOnce: a deployment on PostgreSQL with two tenants listens for changes before
// it builds their search indexes, so its change listener has nothing to catch up: no index is built a
// second time after start-up (it was, for every tenant and the host), and a change made through another
// instance right after start still arrives.
func TestStartUpBuildsEachIndexOnce(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	ctx := context.Background()
	host, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"gemeente-e", "gemeente-f"} {
		if err := host.AddTenant(ctx, tenant.Tenant{ID: id, Name: "Gemeente " + id, Hosts: []string{id + ".example"}}); err != nil {
			t.Fatal(err)
		}
	}
	host.Close()
	rebuilt := &atomic.Int32{}
	cfg := config.Config{DB: dsn, Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "info"}
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	d, err := app.OpenDeployment(ctx, cfg, slog.New(logCount{"search index built again: the change listener caught up", rebuilt}))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	other, err := store.OpenTenant(ctx, dsn, "gemeente-f") // another instance's connection
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	art := kb.Article{ID: "hondenbelasting", Type: kb.TypeVAC, Title: "Hondenbelasting betalen", Theme: "Belastingen",
		Summary: "Voor elke hond betaalt u hondenbelasting.", Body: "Meld uw hond aan.", State: kb.StatePublished}
	if err := other.SaveArticle(ctx, art, "test"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "article saved through another instance", func() bool { return indexFinds(t, d.Tenant("gemeente-f").Search, "hondenbelasting", art.ID) })
	// The host's own listener and the shared one are both following by now: the shared one delivered the
	// article, and the host's listened before the host built its index.
	if n := rebuilt.Load(); n != 0 {
		t.Errorf("%d search indexes built a second time after start-up, want none", n)
	}
}
