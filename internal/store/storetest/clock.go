package storetest

import (
	"sync"
	"time"

	"loket/internal/calendar"
)

// Clock is a clock a test sets and moves instead of sleeping; pass its Now to store.WithClock or
// app.WithClock. It is safe for the background work that reads it while the test moves it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Amsterdam is the moment written as "2006-01-02 15:04" on the clocks in the Netherlands, for tests that
// state their dates as the law and the people in them do; a wrong text panics.
func Amsterdam(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t
}
