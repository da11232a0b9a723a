// Package ratelimit gives every key (a client address, an e-mail address, an account) its own token
// bucket, for one purpose each: the SMTP intake, confirmations, logins and the web forms keep separate
// limiters, so one purpose cannot use up another's budget.
package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxKeys bounds the memory of one limiter; past it, buckets idle for longer than it takes to refill are
// forgotten (a forgotten bucket is a full one, which is what it would be by then anyway).
const maxKeys = 20000

// Keyed is a set of token buckets, one per key, that refill at the same rate.
type Keyed struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	refill  time.Duration
	clock   func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

// New allows each key n events per period, of which burst at once.
func New(n int, period time.Duration, burst int) *Keyed {
	if n < 1 {
		n = 1
	}
	burst = max(burst, 1)
	return &Keyed{every: rate.Limit(float64(n) / period.Seconds()), burst: burst,
		refill: period * time.Duration(burst) / time.Duration(n), clock: time.Now, buckets: map[string]*bucket{}}
}

// WithClock makes the limiter read time from clock, so tests can move it.
func (k *Keyed) WithClock(clock func() time.Time) *Keyed {
	k.clock = clock
	return k
}

// Allow reports whether key may have one more event now, and takes a token when it may.
func (k *Keyed) Allow(key string) bool {
	now := k.clock()
	k.mu.Lock()
	defer k.mu.Unlock()
	b := k.buckets[key]
	if b == nil {
		if len(k.buckets) >= maxKeys {
			k.forgetIdle(now)
		}
		b = &bucket{limiter: rate.NewLimiter(k.every, k.burst)}
		k.buckets[key] = b
	}
	b.seen = now
	return b.limiter.AllowN(now, 1)
}

func (k *Keyed) forgetIdle(now time.Time) {
	for key, b := range k.buckets {
		if now.Sub(b.seen) > k.refill {
			delete(k.buckets, key)
		}
	}
}
