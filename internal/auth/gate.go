package auth

import (
	"sync/atomic"
	"time"

	"loket/internal/problem"
)

// ErrBusy is returned when a password check could not start within the queue wait: too many run at
// once. The web layer answers it with 429 and Retry-After; it is the same for known and unknown
// addresses, since the dummy check for an unknown address waits in the same queue.
var ErrBusy = problem.New(problem.TooMany, "Het is nu erg druk. Probeer het over een paar seconden opnieuw.")

// Every argon2id computation takes 64 MiB for about 50 ms. The gate bounds how many run at once, so a
// burst of logins (wrong or right, known address or not) costs at most slots × 64 MiB.
const defaultChecks = 4

// queueWait is how long a check waits for a slot before it is ErrBusy.
var queueWait = 5 * time.Second

type checkGate struct {
	slots    atomic.Pointer[chan struct{}]
	inFlight atomic.Int64
	peak     atomic.Int64 // most checks seen running at once, for tests and metrics
}

var gate = newGate(defaultChecks)

func newGate(n int) *checkGate {
	g := &checkGate{}
	ch := make(chan struct{}, n)
	g.slots.Store(&ch)
	return g
}

// LimitChecks sets how many password hashes may be computed at once (the --password-checks setting);
// main calls it once at start-up, before the first login.
func LimitChecks(n int) {
	ch := make(chan struct{}, max(n, 1))
	gate.slots.Store(&ch)
}

// acquire waits up to queueWait for a slot and returns the function that frees it.
func (g *checkGate) acquire() (func(), error) {
	slots := *g.slots.Load()
	select {
	case slots <- struct{}{}:
		return g.enter(slots), nil
	default:
	}
	t := time.NewTimer(queueWait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return g.enter(slots), nil
	case <-t.C:
		return nil, ErrBusy
	}
}

func (g *checkGate) enter(slots chan struct{}) func() {
	n := g.inFlight.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	return func() {
		g.inFlight.Add(-1)
		<-slots
	}
}
