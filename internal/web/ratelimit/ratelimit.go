// Package ratelimit gives every client address a token bucket, for public forms, sign-in and webhooks.
package ratelimit

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter holds one token bucket per client address; addresses not seen for ttl are forgotten.
type Limiter struct {
	mu      sync.Mutex
	perMin  rate.Limit
	burst   int
	ttl     time.Duration
	clients map[string]*client
}

type client struct {
	limiter *rate.Limiter
	seen    time.Time
}

// New allows perMinute requests a minute per address, with bursts of burst.
func New(perMinute float64, burst int, ttl time.Duration) *Limiter {
	return &Limiter{perMin: rate.Limit(perMinute / 60), burst: burst, ttl: ttl, clients: map[string]*client{}}
}

// Allow reports whether the client behind r may send one more request now.
func (l *Limiter) Allow(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	now := time.Now() // token buckets refill in real time (golang.org/x/time/rate reads the wall clock too), not the injected clock
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.clients) > 10000 {
		for k, c := range l.clients {
			if now.Sub(c.seen) > l.ttl {
				delete(l.clients, k)
			}
		}
	}
	c, ok := l.clients[host]
	if !ok {
		c = &client{limiter: rate.NewLimiter(l.perMin, l.burst)}
		l.clients[host] = c
	}
	c.seen = now
	return c.limiter.Allow()
}
