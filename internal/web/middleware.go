package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

var (
	requestsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "loket_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	requestSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "loket_http_request_seconds", Help: "HTTP request duration by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
)

func init() { prometheus.MustRegister(requestsTotal, requestSeconds) }

// securityHeaders sets the headers every response carries, in one place.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range staticHeaders {
			h[kv.key] = kv.value // canonical keys and one-element values prepared once; Add copies on append
		}
		next.ServeHTTP(w, r)
	})
}

// staticHeaders are the security headers of every answer, prepared once.
var staticHeaders = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; " +
		"script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=()"}},
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (flushing for server-sent events).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe records metrics and logs, and turns a panic outside the surfaces (operations) into a 500 instead
// of a dropped connection.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now() // a duration for metrics and logs: the monotonic wall clock, not the injected one
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", fmt.Errorf("panic: %v", p))
				http.Error(rec, "internal error", http.StatusInternalServerError)
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			elapsed := time.Since(start)
			status := rec.status
			if clientGone(r, status) {
				// The client hung up mid-request: the error that followed (a cancelled query, a body cut
				// short) is its abort, not loket's fault. Counted as 499, as nginx names it, and not logged
				// as a failure.
				status = statusClientClosed
			}
			requestsTotal.WithLabelValues(route, strconv.Itoa(status)).Inc()
			requestSeconds.WithLabelValues(route).Observe(elapsed.Seconds())
			if status >= 500 {
				s.log.Warn("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", elapsed.Milliseconds())
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// statusClientClosed is the status counted for a request the client abandoned (nginx's 499).
const statusClientClosed = 499

// clientGone reports whether the client hung up before loket answered: its context was cancelled and
// what loket recorded is a server error or nothing at all.
func clientGone(r *http.Request, status int) bool {
	return errors.Is(r.Context().Err(), context.Canceled) && (status == 0 || status >= 500)
}

// clientAddress makes r.RemoteAddr the client's address. A request from a trusted proxy carries it in
// X-Forwarded-For: the rightmost address that is not itself a trusted proxy is the client (addresses
// further left are whatever the client wrote). A request from anywhere else keeps its own address, so
// nobody can pick a rate-limit bucket by sending the header.
func clientAddress(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddrPort(r.RemoteAddr)
		if err != nil || !isTrusted(peer.Addr()) {
			next.ServeHTTP(w, r)
			return
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a malformed hop: trust nothing to its left
			}
			if !isTrusted(a) {
				r.RemoteAddr = netip.AddrPortFrom(a.Unmap(), 0).String()
				break
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requireBearer serves next only to requests with "Authorization: Bearer token" (compared in constant
// time); others get 404, as if the path did not exist.
func requireBearer(token string, notFound http.Handler, next http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			notFound.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recoverWith turns a panic in a surface into that surface's own 500 answer (an HTML page or a JSON error).
func recoverWith(serverError func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				serverError(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
