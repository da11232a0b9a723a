package app_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"loket/internal/store"
)

// BenchmarkHTTPAgainstPeer measures, in one run and through real loopback listeners with 32 keep-alive
// connections, a trivial net/http handler returning 1 KB (the peer: what this machine serves) and loket's
// hot public paths. Each sub-benchmark reports req/s, p99 latency, CPU time per request (user+system of the
// whole process, client included) and, for loket's paths, its throughput as a share of the peer's.
//
//	go test ./internal/app -run '^$' -bench HTTPAgainstPeer -benchtime 3s
func BenchmarkHTTPAgainstPeer(b *testing.B) {
	srv, _ := startDemo(b, store.SQLite)
	kb := bytes.Repeat([]byte("x"), 1024)
	peer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(kb)
	}))
	b.Cleanup(peer.Close)
	queries := []string{"paspoort kosten", "kliko kapot", "verhuizen doorgeven", "parkeervergunning aanvragen",
		"boom kappen mag dat", "id kaart prijs", "grofvuil ophalen", "bijstand aanvragen"}
	withQueries := func(base string) func(i int) string {
		return func(i int) string { return base + url.QueryEscape(queries[i%len(queries)]) }
	}
	cases := []struct {
		name string
		url  func(i int) string
	}{
		{"peer-1KB", func(int) string { return peer.URL + "/" }},
		{"api-search", withQueries(srv.URL + "/api/v1/search?limit=10&q=")},
		{"product-page", func(int) string { return srv.URL + "/producten/paspoort" }},
		{"zoeken", withQueries(srv.URL + "/zoeken?q=")},
	}
	var peerRate float64
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			rate := loadTest(b, 32, c.url)
			if c.name == "peer-1KB" {
				peerRate = rate
			} else if peerRate > 0 {
				b.ReportMetric(100*rate/peerRate, "%-of-peer")
			}
		})
	}
}

// loadTest runs b.N GETs over conns keep-alive connections and reports req/s, p99 and CPU per request.
func loadTest(b *testing.B, conns int, target func(i int) string) float64 {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	lat := make([][]time.Duration, conns)
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	b.ResetTimer()
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(target(i))
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	cpu := cpuTime() - cpu0
	all := slices.Concat(lat...)
	slices.Sort(all)
	rate := float64(len(all)) / elapsed.Seconds()
	b.ReportMetric(rate, "req/s")
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-µs/req")
	}
	return rate
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
