package contact

import (
	"context"
	"time"
)

// Tally counts service-level outcomes one conversation at a time, so that a period of a million
// conversations is counted without holding them all; Shares gives the same figures for a list.
type Tally struct {
	levels ServiceLevels
	now    time.Time
	by     map[string]*Share
}

// NewTally starts counting outcomes as they stand at now.
func (sl ServiceLevels) NewTally(now time.Time) *Tally {
	return &Tally{levels: sl, now: now, by: map[string]*Share{}}
}

// Add counts one conversation; only its channel, state and service-level times are read.
func (t *Tally) Add(c Conversation) {
	s := t.by[c.Channel]
	if s == nil {
		s = &Share{Channel: c.Channel}
		t.by[c.Channel] = s
	}
	s.Conversations++
	clock := t.levels.clock(c, t.now, false) // outcomes only
	count(&s.FirstMet, &s.FirstDecided, clock.First)
	count(&s.FinalMet, &s.FinalDecided, clock.Final)
}

// Shares are the counts per channel, in the order of Channels.
func (t *Tally) Shares() []Share {
	var out []Share
	for _, ch := range Channels {
		if s := t.by[ch]; s != nil {
			out = append(out, *s)
		}
	}
	return out
}

// ServiceLevelDays is the period the service-level figures count: conversations of the last 90 days.
const ServiceLevelDays = 90

// ServiceLevelStore streams the conversations of a period and keeps the figures counted from them.
type ServiceLevelStore interface {
	EachServiceLevelClock(ctx context.Context, since time.Time, fn func(Conversation)) error
	SaveServiceLevelRollup(ctx context.Context, shares []Share, since, rolledAt time.Time) error
}

// RollupServiceLevels counts the outcomes of the last ServiceLevelDays as they stand at now and stores
// them, so that the service-level page reads a few rows instead of every conversation of the period.
func (sl ServiceLevels) RollupServiceLevels(ctx context.Context, st ServiceLevelStore, now time.Time) error {
	since := now.AddDate(0, 0, -ServiceLevelDays)
	t := sl.NewTally(now)
	if err := st.EachServiceLevelClock(ctx, since, t.Add); err != nil {
		return err
	}
	return st.SaveServiceLevelRollup(ctx, t.Shares(), since, now)
}
