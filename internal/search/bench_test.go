package search

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"loket/internal/demo"
	"loket/internal/kb"
)

// Benchmarks of the hot paths. Run:
//
//	go test ./internal/search -run '^$' -bench 'Search|Suggest' -benchtime 4000x
//	go test ./internal/search -run '^$' -bench BuildNational -benchtime 3x

// benchQueries mixes short, colloquial, misspelt and long queries.
var benchQueries = []string{
	"paspoort kosten", "kliko kapot", "rijbewys verlengen", "mn paspoort is verlopen", "boom kappen mag dat",
	"parkeer vergunning aanvragen", "verhuisen doorgeven", "how do I renew my passport",
	"ik heb een uitkering en kan de gemeentelijke belastingen niet betalen", "gemeente", "afval",
	"de buren draaien elke nacht harde muziek wat kan ik doen", "woz bezwaar", "schuld hulp verlening",
}

// nationalArticles repeats the demo knowledge base for 342 municipalities (about 54,000 articles). Every copy
// has its own strings and names its municipality, so memory figures are not flattered by shared text.
func nationalArticles(tb testing.TB) []kb.Article {
	tb.Helper()
	base, err := demo.Articles()
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]kb.Article, 0, len(base)*342)
	for m := range 342 {
		for _, a := range base {
			a.ID = fmt.Sprintf("%s-%d", a.ID, m)
			a.Title = strings.Clone(a.Title)
			a.Summary = strings.Clone(a.Summary)
			a.Body = fmt.Sprintf("%s\n\nDit geldt in gemeente Plaats%d.", a.Body, m)
			a.Internal = strings.Clone(a.Internal)
			out = append(out, a)
		}
	}
	return out
}

// devQueries returns the queries of the dev set (the mix residents type), or benchQueries without it.
func devQueries(b *testing.B) []string {
	f, err := os.Open(queriesFile)
	if err != nil {
		return benchQueries
	}
	defer f.Close()
	cases, err := readCases(f)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]string, len(cases))
	for i, c := range cases {
		out[i] = c.text
	}
	return out
}

func benchSearch(b *testing.B, ix *Index, snippets bool) {
	qs := devQueries(b)
	// The thread's CPU time per query is the latency without the time spent waiting for a core, which on
	// a shared machine dominates the wall-clock tail; both are reported.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lat := make([]time.Duration, 0, b.N)
	cpus := make([]time.Duration, 0, b.N)
	cpu0 := processCPU()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start, c0 := time.Now(), threadCPU()
		if _, err := ix.SearchWith(qs[i%len(qs)], Options{Limit: 10, Snippets: snippets}); err != nil {
			b.Fatal(err)
		}
		cpus = append(cpus, threadCPU()-c0)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
	slices.Sort(lat)
	slices.Sort(cpus)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(cpus[len(cpus)*99/100].Microseconds())/1000, "cpu-p99-ms")
	b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "cpu-p50-ms")
}

// threadCPU is the CPU time of the calling OS thread (Linux CLOCK_THREAD_CPUTIME_ID, in nanoseconds); the
// caller locks its thread.
func threadCPU() time.Duration {
	const clockThreadCPUTime = 3
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// BenchmarkSearchDemo searches one municipality as the API does (no snippets); ...Snippets as the results
// page does.
func BenchmarkSearchDemo(b *testing.B)         { benchSearch(b, demoIx(b), false) }
func BenchmarkSearchDemoSnippets(b *testing.B) { benchSearch(b, demoIx(b), true) }

var (
	nationalOnce sync.Once
	nationalIx   *Index
)

func nationalIndex(b *testing.B) *Index {
	nationalOnce.Do(func() {
		ix, err := New(nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Rebuild(nationalArticles(b)); err != nil {
			b.Fatal(err)
		}
		nationalIx = ix
	})
	return nationalIx
}

// BenchmarkSearchNational searches 54,000 articles (342 municipalities) with the dev query mix.
func BenchmarkSearchNational(b *testing.B)         { benchSearch(b, nationalIndex(b), false) }
func BenchmarkSearchNationalSnippets(b *testing.B) { benchSearch(b, nationalIndex(b), true) }

func BenchmarkBuildNational(b *testing.B) {
	articles := nationalArticles(b)
	var ix *Index
	cpu0 := processCPU()
	for b.Loop() {
		ix = nil
		runtime.GC()
		var err error
		if ix, err = New(nil); err != nil {
			b.Fatal(err)
		}
		if err := ix.Rebuild(articles); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	articles = nil
	debug.FreeOSMemory() // collect, and give the build's garbage back to the OS before reading RSS
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(residentMB(b, "VmRSS:"), "rss-MB")
	b.ReportMetric(residentMB(b, "VmHWM:"), "peak-rss-MB") // the most the process held, during a build
	b.ReportMetric(float64(ix.Len()), "articles")
}

// processCPU is the user and system CPU time the process used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// residentMB reads the resident set size of the process (Linux, field VmRSS: now, VmHWM: its peak), which
// includes the benchmark's own copy of the articles besides the index.
func residentMB(b *testing.B, field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(v), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

func BenchmarkSuggest(b *testing.B) {
	ix := demoIx(b)
	prefixes := []string{"pas", "paspoort aan", "park", "kliko", "verh", "w"}
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Suggest(prefixes[i%len(prefixes)], 8); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSuggestAnswers(b *testing.B) {
	ix := demoIx(b)
	msg := "Goedemorgen, mijn paspoort verloopt in juni en we vertrekken half juli naar het buitenland. " +
		"Hoe lang duurt het voordat een nieuw paspoort klaar is en wat kost het? Met vriendelijke groet, Jan"
	for b.Loop() {
		if _, err := ix.SuggestAnswers(msg, 3); err != nil {
			b.Fatal(err)
		}
	}
}
