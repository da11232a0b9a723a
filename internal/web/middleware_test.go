package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"loket/internal/web/respond"
)

// TestClientAddress reproduces finding 17: behind a reverse proxy every resident shared the proxy's
// bucket. X-Forwarded-For is believed only from a listed proxy, and only its rightmost untrusted hop.
func TestClientAddress(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.10/32")}
	cases := []struct {
		name, peer, xff, want string
	}{
		{"no proxy: the peer", "198.51.100.7:5555", "", "198.51.100.7:5555"},
		{"a stranger's header is ignored", "198.51.100.7:5555", "203.0.113.9", "198.51.100.7:5555"},
		{"one trusted proxy", "192.0.2.10:443", "203.0.113.9", "203.0.113.9:0"},
		{"two trusted proxies", "10.1.2.3:443", "203.0.113.9, 192.0.2.10", "203.0.113.9:0"},
		{"a forged hop left of the client", "10.1.2.3:443", "1.2.3.4, 203.0.113.9", "203.0.113.9:0"},
		{"a malformed hop", "10.1.2.3:443", "203.0.113.9, nonsense", "10.1.2.3:443"},
		{"IPv6 client", "10.1.2.3:443", "2001:db8::1", "[2001:db8::1]:0"},
	}
	for _, c := range cases {
		var got string
		h := clientAddress(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("%s: client %q, want %q", c.name, got, c.want)
		}
	}
}

// TestClientHangUpIsNotAServerError reproduces finding 15: a client that hangs up mid-request made the
// handler's cancelled query a logged and counted 500. It is counted as 499, the client's abort.
func TestClientHangUpIsNotAServerError(t *testing.T) {
	s := testServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /zoeken-test", func(w http.ResponseWriter, r *http.Request) {
		cancel() // the client hangs up while loket is working
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
	before500 := counted(t, requestsTotal.WithLabelValues("GET /zoeken-test", "500"))
	before499 := counted(t, requestsTotal.WithLabelValues("GET /zoeken-test", "499"))
	s.observe(mux).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/zoeken-test", nil).WithContext(ctx))
	if got := counted(t, requestsTotal.WithLabelValues("GET /zoeken-test", "500")) - before500; got != 0 {
		t.Errorf("counted %v server errors", got)
	}
	if got := counted(t, requestsTotal.WithLabelValues("GET /zoeken-test", "499")) - before499; got != 1 {
		t.Errorf("counted %v client aborts, want 1", got)
	}
}

// TestMetricsNeedATokenOrTheirOwnAddress reproduces finding 14: /metrics was public. On the main address
// it answers only with the configured bearer token; without a token it is not there at all.
func TestMetricsNeedATokenOrTheirOwnAddress(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	withToken, err := New(Deps{Log: quiet, BaseURL: "https://loket.example", MetricsToken: "meet-geheim"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler, auth string) int {
		r := httptest.NewRequest("GET", "/metrics", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	h := withToken.Handler()
	for auth, want := range map[string]int{"": 404, "Bearer fout": 404, "meet-geheim": 404, "Bearer meet-geheim": 200} {
		if got := get(h, auth); got != want {
			t.Errorf("Authorization %q: %d, want %d", auth, got, want)
		}
	}
	if got := get(testServer(t).Handler(), ""); got != 404 {
		t.Errorf("without a token setting: %d, want 404", got)
	}
	if got := get(MetricsHandler(), ""); got != 200 {
		t.Errorf("the separate metrics listener: %d", got)
	}
}

// counted reads a counter's value.
func counted(t *testing.T, c interface{ Write(*dto.Metric) error }) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

// TestClientHangUpIsLoggedAsTheClientsAbort: a surface's failure after the client hung up is logged as
// the client going away, not as an error of loket's.
func TestClientHangUpIsLoggedAsTheClientsAbort(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	respond.LogFailure(log, httptest.NewRequest("GET", "/zoeken", nil).WithContext(ctx), context.Canceled)
	respond.LogFailure(log, httptest.NewRequest("GET", "/zoeken", nil), errors.New("disk full"))
	out := logs.String()
	if !strings.Contains(out, `level=INFO msg="client went away"`) || !strings.Contains(out, `level=ERROR msg="request failed"`) ||
		strings.Count(out, "level=ERROR") != 1 {
		t.Fatalf("logs:\n%s", out)
	}
}
