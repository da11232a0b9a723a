package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"loket/internal/app"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/search"
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
// PostgreSQL: 342 tenants with the demo knowledge base each (157 articles). The host keeps the demo's 97
// national texts and every tenant inherits them; like real municipalities, each tenant has its own costs
// in every fifth inherited article and its own summary in every twentieth, and its 60 other articles are
// its own. It reports the start-up time with every index built, the heap and resident memory of the
// running deployment, the memory the search indexes alone take (built again beside it, sharing the
// interned texts), the search p99 over queries spread across the tenants, and how soon a tenant added
// while running is served. Set LOKET_TENANT_SCALE=1 (or a number of tenants).
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
	national, err := demo.NationalArticles()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := kb.NewNational(host).Import(ctx, "bench", national); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, n)
	perTenant := make([][]kb.Article, n)
	for i := range n {
		ids[i] = fmt.Sprintf("gemeente-%03d", i)
		if err := host.AddTenant(ctx, tenant.Tenant{ID: ids[i], Name: "Gemeente " + ids[i], Hosts: []string{ids[i] + ".example"}}); err != nil {
			b.Fatal(err)
		}
		st, err := store.OpenTenant(ctx, dsn, ids[i])
		if err != nil {
			b.Fatal(err)
		}
		articles, inherit := tenantArticles(b, ids[i], national)
		if _, err := st.ImportArticles(ctx, articles, "bench"); err != nil {
			b.Fatal(err)
		}
		if err := st.SaveInheritances(ctx, inherit); err != nil {
			b.Fatal(err)
		}
		st.Close()
		perTenant[i] = articles
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
	if path := os.Getenv("LOKET_TENANT_CPU_PROFILE"); path != "" { // where start-up spends its time
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
	}
	start, cpu0, gc0 := time.Now(), processCPUTime(), gcCPU()
	d, err := app.OpenDeployment(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	startup, startupCPU, startupGC := time.Since(start), processCPUTime()-cpu0, gcCPU()-gc0
	// What start-up still does in the background once it returned (a listener catching up used to build
	// every index again) counts too: the CPU until the process is quiet.
	settledCPU := untilQuiet(cpu0)
	pprof.StopCPUProfile()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	rss, peak := residentMB("VmRSS:"), residentMB("VmHWM:")
	if path := os.Getenv("LOKET_TENANT_HEAP_PROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	indexes := indexMemoryMB(b, perTenant)
	usable := addWhileRunning(b, d, dsn, national)
	propagated := changeNational(b, d, national, ids)

	queries := []string{"paspoort verlopen", "grofvuil ophalen", "parkeervergunning", "verhuizen doorgeven", "rijbewijs kwijt", "bezwaar maken"}
	// The thread's CPU time per query is the latency without waiting for a core, which on a shared machine
	// dominates the wall-clock tail; both are reported.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var lat, cpu []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := d.Tenant(ids[rand.IntN(n)])
		q := queries[i%len(queries)]
		t0, c0 := time.Now(), threadCPUTime()
		if _, err := a.Search.Search(q, 10); err != nil {
			b.Fatal(err)
		}
		cpu = append(cpu, threadCPUTime()-c0)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	if len(cpu) > 0 {
		b.ReportMetric(float64(cpu[len(cpu)*99/100].Microseconds())/1000, "cpu-p99-ms")
	}
	b.ReportMetric(startup.Seconds(), "startup-s")
	b.ReportMetric(startupCPU.Seconds(), "startup-cpu-s") // this process only; PostgreSQL's own work is not in it
	b.ReportMetric(settledCPU.Seconds(), "settled-cpu-s")
	b.ReportMetric(startupGC, "startup-gc-cpu-s") // the garbage collector's part of startup-cpu-s
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(peak, "peak-rss-MB") // the most this process was resident so far, set-up included
	b.ReportMetric(indexes, "indexes-MB")
	b.ReportMetric(usable.Seconds(), "new-tenant-s")
	b.ReportMetric(propagated.Seconds(), "national-change-s")
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.ReportMetric(float64(n), "tenants")
}

// tenantArticles is one tenant's knowledge base: the demo's articles, of which those with a national text
// inherit it, with the tenant's own costs in every fifth and its own summary in every twentieth.
func tenantArticles(b *testing.B, id string, national []kb.Article) ([]kb.Article, []kb.Inheritance) {
	b.Helper()
	articles, err := demo.Articles()
	if err != nil {
		b.Fatal(err)
	}
	nat := map[string]kb.Article{}
	for _, a := range national {
		nat[a.ID] = a
	}
	var inherit []kb.Inheritance
	for i, a := range articles {
		n, ok := nat[a.ID]
		if !ok {
			continue
		}
		in := kb.Inheritance{ArticleID: a.ID, UPL: n.UPL, NationalVersion: 1, Bases: map[string]string{}}
		if len(inherit)%5 == 0 {
			in.Bases["cost"] = n.Cost
			a.Cost = "€ " + strconv.Itoa(20+len(id)+i) + ",00 in " + id
		}
		if len(inherit)%20 == 0 {
			in.Bases["summary"] = n.Summary
			a.Summary = a.Summary + " Dit geldt in " + id + "."
		}
		articles[i] = kb.ComposeNational(n, a, in)
		inherit = append(inherit, in)
	}
	return articles, inherit
}

// indexMemoryMB builds every tenant's search index again, as the deployment does (texts interned), keeps
// them all, and reports the heap they add: the memory of the search indexes alone.
func indexMemoryMB(b *testing.B, perTenant [][]kb.Article) float64 {
	b.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	kept := make([]*search.Index, len(perTenant))
	for i, articles := range perTenant {
		ix, err := search.New(nil)
		if err != nil {
			b.Fatal(err)
		}
		shared := make([]kb.Article, len(articles))
		for j := range articles {
			shared[j] = articles[j].Shared()
		}
		if err := ix.Rebuild(shared); err != nil {
			b.Fatal(err)
		}
		kept[i] = ix
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
}

// addWhileRunning registers one more tenant with the demo knowledge base the way `loket tenant add` and
// `loket kb import` do, and reports how long after the registration its search answers.
func addWhileRunning(b *testing.B, d *app.Deployment, dsn string, national []kb.Article) time.Duration {
	b.Helper()
	ctx := context.Background()
	const id = "gemeente-nieuw"
	st, err := store.OpenTenant(ctx, dsn, id) // the schema and its data first, as tenant add then kb import
	if err != nil {
		b.Fatal(err)
	}
	articles, inherit := tenantArticles(b, id, national)
	if _, err := st.ImportArticles(ctx, articles, "bench"); err != nil {
		b.Fatal(err)
	}
	if err := st.SaveInheritances(ctx, inherit); err != nil {
		b.Fatal(err)
	}
	st.Close()
	host, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer host.Close()
	start := time.Now()
	if err := host.AddTenant(ctx, tenant.Tenant{ID: id, Name: "Gemeente Nieuw", Hosts: []string{id + ".example"}}); err != nil {
		b.Fatal(err)
	}
	for {
		if a := d.Tenant(id); a != nil {
			if res, err := a.Search.Search("paspoort", 5); err == nil && len(res.Hits) > 0 {
				return time.Since(start)
			}
		}
		if time.Since(start) > 30*time.Second {
			b.Fatal("the new tenant was not served within 30 s")
		}
		time.Sleep(10 * time.Millisecond) // polls for the registry to be followed
	}
}

// changeNational changes the national passport text on the host and reports how long it takes until every
// tenant's article and search index have it (all tenants inherit the passport; some override its costs).
func changeNational(b *testing.B, d *app.Deployment, national []kb.Article, ids []string) time.Duration {
	b.Helper()
	ctx := context.Background()
	var pas kb.Article
	for _, a := range national {
		if a.UPL == "paspoort" {
			pas = a
		}
	}
	pas.Body += "\n\nVanaf 2027 kunt u ook met een irisscan betalen."
	start := time.Now()
	if _, _, err := d.Host().SaveNational(ctx, "bench", []kb.Article{pas}); err != nil {
		b.Fatal(err)
	}
	for _, id := range ids {
		res, err := d.Tenant(id).Search.Search("irisscan", 3)
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ID != "paspoort" {
			b.Fatalf("%s: the national change is not in its index: %v %v", id, res.Hits, err)
		}
	}
	return time.Since(start)
}

// untilQuiet waits until this process uses less than 5 % of a core over half a second (at most a minute)
// and returns the CPU time it used since cpu0.
func untilQuiet(cpu0 time.Duration) time.Duration {
	const window = 500 * time.Millisecond
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		c := processCPUTime()
		time.Sleep(window) // measures background work; nothing waits for time to pass
		if processCPUTime()-c < window/20 {
			break
		}
	}
	return processCPUTime() - cpu0
}

// gcCPU is the CPU time the garbage collector has used so far, in seconds (an estimate of the runtime's).
func gcCPU() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64()
}

// residentMB is this process's resident memory (field VmRSS: now, VmHWM: at its peak), 0 where /proc is
// not there.
func residentMB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kbytes, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kbytes) / 1024
		}
	}
	return 0
}

// threadCPUTime is the CPU time of the calling OS thread (Linux CLOCK_THREAD_CPUTIME_ID); the caller locks
// its thread.
func threadCPUTime() time.Duration {
	const clockThreadCPUTime = 3
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// processCPUTime is the user and system CPU time this process used so far: with the wall-clock start-up it
// tells waiting for a core on a shared machine from work.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
