package app_test

import (
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"loket/internal/store"
)

// BenchmarkSearchHTTP measures GET /api/v1/search through a real TCP listener on loopback with parallel
// keep-alive clients, the way a load generator would. It reports requests per second.
func BenchmarkSearchHTTP(b *testing.B) {
	srv, _ := startDemo(b, store.SQLite)
	queries := []string{"paspoort kosten", "kliko kapot", "verhuizen doorgeven", "parkeervergunning aanvragen",
		"boom kappen mag dat", "id kaart prijs", "grofvuil ophalen", "bijstand aanvragen"}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	client := &http.Client{Transport: tr}
	var n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			q := queries[i%len(queries)]
			i++
			resp, err := client.Get(srv.URL + "/api/v1/search?limit=10&q=" + url.QueryEscape(q))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
			n.Add(1)
		}
	})
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "req/s")
}
