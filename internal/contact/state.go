package contact

import (
	"fmt"
	"slices"
	"time"
)

// Transition is what changes on a conversation when it moves to another state: the clock fields the
// store writes, and whether this move closed it (then the satisfaction question goes out once).
type Transition struct {
	State        string
	WaitingSince time.Time // zero: not waiting
	Paused       time.Duration
	ClosedAt     time.Time // zero: not closed
	Closed       bool      // the conversation was not closed before this move
}

// Move computes the transition of c to state at. Leaving "waiting" adds the business time spent waiting to
// the paused time (the service-level clock stood still); entering it starts the wait; closing stamps the
// close time once and reopening clears it.
func (sl ServiceLevels) Move(c Conversation, state string, at time.Time) (Transition, error) {
	if !slices.Contains(States, state) {
		return Transition{}, fmt.Errorf("%w: state %q", ErrInvalid, state)
	}
	t := Transition{State: state, WaitingSince: c.WaitingSince, Paused: c.Paused, ClosedAt: c.ClosedAt}
	if c.State == StateWaiting && state != StateWaiting && !t.WaitingSince.IsZero() {
		t.Paused += sl.Hours.BusinessDuration(t.WaitingSince, at)
		t.WaitingSince = time.Time{}
	}
	if state == StateWaiting && c.State != StateWaiting {
		t.WaitingSince = at
	}
	switch {
	case state == StateClosed && c.State != StateClosed:
		t.ClosedAt, t.Closed = at, true
	case state != StateClosed:
		t.ClosedAt = time.Time{}
	}
	return t, nil
}

// Resume is the transition of a conversation the resident wrote to again: a waiting or closed one is open
// again, a new or open one keeps its state; the waiting time is paused time.
func (sl ServiceLevels) Resume(c Conversation, at time.Time) Transition {
	state := c.State
	if state == StateWaiting || state == StateClosed {
		state = StateOpen
	}
	t, _ := sl.Move(c, state, at) // state is always valid here
	return t
}

// Apply returns c after the transition, so a later rule (the due time) sees the new clock fields.
func (t Transition) Apply(c Conversation) Conversation {
	c.State, c.WaitingSince, c.Paused, c.ClosedAt = t.State, t.WaitingSince, t.Paused, t.ClosedAt
	return c
}

// NoDue is the due time of a conversation whose clock does not run (waiting for the resident, or closed):
// it sorts after every real due time.
var NoDue = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// DueAt is the moment the conversation breaches its next service-level target: its first answer while it
// has none, then its resolution. Waiting and closed conversations have no running clock: NoDue.
func (sl ServiceLevels) DueAt(c Conversation) time.Time {
	if c.State == StateWaiting || c.State == StateClosed || c.MergedInto != 0 {
		return NoDue
	}
	clock := sl.ClockFor(c, c.CreatedAt)
	due := clock.Final.Due
	if c.FirstResponseAt.IsZero() {
		due = clock.First.Due
	}
	if due.IsZero() { // opening hours that never open: nothing can be late
		return NoDue
	}
	return due.UTC().Truncate(time.Second)
}
