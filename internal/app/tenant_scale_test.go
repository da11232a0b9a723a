package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/tenant"
)

// TestTwoInstancesFollowTheirTenants: two instances of one deployment on one PostgreSQL, with tenants
// present at start (followed over one shared connection). An article saved through one instance reaches
// the search index of that tenant on the other instance, and no other tenant's.
func TestTwoInstancesFollowTheirTenants(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	ctx := context.Background()
	host, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		id := fmt.Sprintf("gemeente-%d", i)
		if err := host.AddTenant(ctx, tenant.Tenant{ID: id, Name: "Gemeente " + strconv.Itoa(i), Hosts: []string{id + ".example"}}); err != nil {
			t.Fatal(err)
		}
	}
	host.Close()
	open := func() *app.Deployment {
		cfg := config.Config{DB: dsn, Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "warn"}
		if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
			t.Fatal(err)
		}
		d, err := app.OpenDeployment(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	one, two := open(), open()
	art := kb.Article{ID: "hondenbelasting-2", Type: kb.TypeVAC, Title: "Hondenbelasting in gemeente 2",
		Summary: "Voor elke hond betaalt u hondenbelasting.", Body: "Meld uw hond aan.", Theme: "Belastingen", State: kb.StatePublished}
	if err := one.Tenant("gemeente-2").Store.SaveArticle(ctx, art, "test"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		res, err := two.Tenant("gemeente-2").Search.Search("hondenbelasting", 5)
		return err == nil && len(res.Hits) > 0 && res.Hits[0].ID == art.ID
	})
	for _, other := range []string{"gemeente-1", "gemeente-3"} {
		if res, _ := two.Tenant(other).Search.Search("hondenbelasting", 5); len(res.Hits) > 0 && res.Hits[0].ID == art.ID {
			t.Errorf("%s on the other instance indexed gemeente-2's article", other)
		}
	}
}

// BenchmarkDeploymentAllMunicipalities measures one deployment for every Dutch municipality on one
// PostgreSQL: 342 tenants with the demo knowledge base each (157 articles). It reports the start-up time
// with every index built, the heap held by the running deployment, and the search p99 over queries spread
// across the tenants. Set LOKET_TENANT_SCALE=1; the set-up imports 53,694 articles.
func BenchmarkDeploymentAllMunicipalities(b *testing.B) {
	if os.Getenv("LOKET_TENANT_SCALE") == "" {
		b.Skip("set LOKET_TENANT_SCALE=1 to run the 342-tenant benchmark")
	}
	n := 342
	if v, err := strconv.Atoi(os.Getenv("LOKET_TENANT_SCALE")); err == nil && v > 1 {
		n = v
	}
	dsn := storetest.PostgresURL(b)
	ctx := context.Background()
	host, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	articles, err := demo.Articles()
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("gemeente-%03d", i)
		if err := host.AddTenant(ctx, tenant.Tenant{ID: ids[i], Name: "Gemeente " + ids[i], Hosts: []string{ids[i] + ".example"}}); err != nil {
			b.Fatal(err)
		}
		st, err := store.OpenTenant(ctx, dsn, ids[i])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.ImportArticles(ctx, articles, "bench"); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
	host.Close()
	cfg := config.Config{DB: dsn, Addr: "127.0.0.1:0", DataDir: b.TempDir(), LogLevel: "error"}
	cfg.Set("link-check-interval", "0") // off
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	d, err := app.OpenDeployment(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	startup := time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if path := os.Getenv("LOKET_TENANT_HEAP_PROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	queries := []string{"paspoort verlopen", "grofvuil ophalen", "parkeervergunning", "verhuizen doorgeven", "rijbewijs kwijt", "bezwaar maken"}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := d.Tenant(ids[rand.IntN(n)])
		q := queries[i%len(queries)]
		t0 := time.Now()
		if _, err := a.Search.Search(q, 10); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(startup.Seconds(), "startup-s")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.ReportMetric(float64(n), "tenants")
}
