package auth

import (
	"strings"
	"sync"
	"time"
)

// Throttle slows down password guessing without locking anyone out: after a few failures a key (an
// account address as typed, or a client address) must wait before its next attempt, and the wait doubles
// with every further failure up to a cap. A typed address is throttled the same whether an account exists
// or not, so the answers say nothing about which accounts exist; a right password does not skip a wait.
type Throttle struct {
	mu      sync.Mutex
	clock   func() time.Time
	entries map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

// Throttle policy: the first freeAttempts failures cost nothing; then 1 s, 2 s, 4 s, ... up to the cap of
// the key's kind; a key without failures for forgetAfter starts afresh.
const (
	freeAttempts = 3
	accountCap   = 30 * time.Second // per account: an attacker can slow the owner down by this much, no more
	addressCap   = 5 * time.Minute  // per client address
	forgetAfter  = 15 * time.Minute
)

// NewThrottle builds an empty throttle reading time from clock (time.Now when nil).
func NewThrottle(clock func() time.Time) *Throttle {
	if clock == nil {
		clock = time.Now
	}
	return &Throttle{clock: clock, entries: map[string]*failures{}}
}

func accountKey(email string) string { return "account:" + strings.ToLower(strings.TrimSpace(email)) }
func addressKey(addr string) string  { return "address:" + addr }

// Wait is how long the next attempt for this account address from this client address must wait.
func (t *Throttle) Wait(email, clientAddr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.clock()
	return max(t.wait(accountKey(email), accountCap, now), t.wait(addressKey(clientAddr), addressCap, now))
}

func (t *Throttle) wait(key string, limit time.Duration, now time.Time) time.Duration {
	f := t.entries[key]
	if f == nil || f.n < freeAttempts {
		return 0
	}
	delay := min(time.Second<<min(f.n-freeAttempts, 20), limit)
	return max(f.last.Add(delay).Sub(now), 0)
}

// Failed records a failed attempt for both keys.
func (t *Throttle) Failed(email, clientAddr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.clock()
	if len(t.entries) > 50000 {
		for k, f := range t.entries {
			if now.Sub(f.last) > forgetAfter {
				delete(t.entries, k)
			}
		}
	}
	for _, key := range []string{accountKey(email), addressKey(clientAddr)} {
		f := t.entries[key]
		if f == nil || now.Sub(f.last) > forgetAfter {
			f = &failures{}
			t.entries[key] = f
		}
		f.n++
		f.last = now
	}
}

// Succeeded clears the account's failures; the client address keeps its own, so signing in to one's own
// account does not reset the guesses made at others.
func (t *Throttle) Succeeded(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, accountKey(email))
}
