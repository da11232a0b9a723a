package contact

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"loket/internal/calendar"
)

// Target is a channel's service level: the business time within which a conversation gets its first
// answer and is closed.
type Target struct {
	FirstResponse time.Duration
	Resolution    time.Duration
}

// DefaultTargets are the service levels per channel, in business hours.
var DefaultTargets = map[string]Target{
	ChannelForm:     {FirstResponse: 8 * time.Hour, Resolution: 24 * time.Hour},
	ChannelEmail:    {FirstResponse: 8 * time.Hour, Resolution: 24 * time.Hour},
	ChannelChat:     {FirstResponse: 2 * time.Minute, Resolution: 1 * time.Hour},
	ChannelWhatsApp: {FirstResponse: 1 * time.Hour, Resolution: 8 * time.Hour},
	ChannelPhone:    {FirstResponse: 1 * time.Minute, Resolution: 16 * time.Hour},
	ChannelCounter:  {FirstResponse: 1 * time.Minute, Resolution: 16 * time.Hour},
}

// ServiceLevels counts service-level clocks in the opening hours of the contact centre.
type ServiceLevels struct {
	Hours   calendar.Hours
	Targets map[string]Target
}

// DefaultServiceLevels uses Monday to Friday 08:30–17:00 without Dutch public holidays and DefaultTargets.
func DefaultServiceLevels() ServiceLevels {
	return ServiceLevels{Hours: calendar.DefaultHours(), Targets: DefaultTargets}
}

// Clock is where a conversation stands against its channel's targets at one moment.
type Clock struct {
	Paused bool // waiting for the resident: the clock stands still
	First  Goal
	Final  Goal
}

// Goal is one target of a clock: when it is due, how much business time is left, and whether it was met.
type Goal struct {
	Due      time.Time
	Left     time.Duration // business time left; negative when breached
	Done     bool          // the first answer was sent, or the conversation was closed
	Met      bool          // done in time
	Breached bool          // not done in time, or overdue now
}

// ClockFor computes the clock of a conversation at now; time spent waiting for the resident is not counted.
func (sl ServiceLevels) ClockFor(c Conversation, now time.Time) Clock { return sl.clock(c, now, true) }

// clock computes the clock of c at now; without left it skips the business time left on each goal, which
// counting outcomes does not need and which walks every day since the due time.
func (sl ServiceLevels) clock(c Conversation, now time.Time, left bool) Clock {
	target, ok := sl.Targets[c.Channel]
	if !ok {
		target = DefaultTargets[ChannelEmail]
	}
	paused := c.Paused
	if c.State == StateWaiting && !c.WaitingSince.IsZero() {
		paused += sl.Hours.BusinessDuration(c.WaitingSince, now)
	}
	return Clock{
		Paused: c.State == StateWaiting,
		First:  sl.goal(c.CreatedAt, target.FirstResponse+paused, c.FirstResponseAt, now, left),
		Final:  sl.goal(c.CreatedAt, target.Resolution+paused, c.ClosedAt, now, left),
	}
}

func (sl ServiceLevels) goal(start time.Time, budget time.Duration, doneAt, now time.Time, left bool) Goal {
	g := Goal{Due: sl.Hours.AddBusinessDuration(start, budget), Done: !doneAt.IsZero()}
	if g.Due.IsZero() { // a schedule that never opens: nothing can be late
		return g
	}
	at := now
	if g.Done {
		at = doneAt
	}
	if at.After(g.Due) {
		g.Breached = true
		if left {
			g.Left = -sl.Hours.BusinessDuration(g.Due, at)
		}
	} else {
		g.Met = g.Done
		if left {
			g.Left = sl.Hours.BusinessDuration(at, g.Due)
		}
	}
	return g
}

// Share is how many conversations of one channel met a target.
type Share struct {
	Channel                string
	Conversations          int
	FirstMet, FirstDecided int
	FinalMet, FinalDecided int
}

// FirstRate is the share of decided first responses that were in time, or -1 when none were decided.
func (s Share) FirstRate() float64 { return rate(s.FirstMet, s.FirstDecided) }

// FinalRate is the share of decided resolutions that were in time, or -1 when none were decided.
func (s Share) FinalRate() float64 { return rate(s.FinalMet, s.FinalDecided) }

func rate(met, decided int) float64 {
	if decided == 0 {
		return -1
	}
	return float64(met) / float64(decided)
}

// Shares computes per channel how many conversations met their targets; a goal counts once it was met or
// breached, open goals still in time do not count yet.
func (sl ServiceLevels) Shares(list []Conversation, now time.Time) []Share {
	t := sl.NewTally(now)
	for _, c := range list {
		t.Add(c)
	}
	return t.Shares()
}

func count(met, decided *int, g Goal) {
	if g.Met {
		*met++
	}
	if g.Met || g.Breached {
		*decided++
	}
}

// ParseTargets reads service-level targets per channel, as a municipality sets them:
// "email=8h/24h; chat=2m/1h" gives the first-response and the resolution target in business time (Go
// durations: 90s, 2m, 8h, 1h30m). Channels that are not named keep DefaultTargets; an empty text keeps all.
func ParseTargets(s string) (map[string]Target, error) {
	targets := make(map[string]Target, len(DefaultTargets))
	for ch, t := range DefaultTargets {
		targets[ch] = t
	}
	for _, clause := range strings.Split(s, ";") {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		ch, spec, ok := strings.Cut(clause, "=")
		ch = strings.TrimSpace(ch)
		if _, known := DefaultTargets[ch]; !ok || !known {
			return nil, fmt.Errorf("%q: write channel=first/resolution with a channel of %s", clause, strings.Join(sortedChannels(), ", "))
		}
		first, final, ok := strings.Cut(spec, "/")
		f, err1 := time.ParseDuration(strings.TrimSpace(first))
		r, err2 := time.ParseDuration(strings.TrimSpace(final))
		switch {
		case !ok || err1 != nil || err2 != nil:
			return nil, fmt.Errorf("%q: write two durations such as 8h/24h", clause)
		case f <= 0 || r <= 0 || f > r:
			return nil, fmt.Errorf("%q: both targets must be positive and the first response may not come after the resolution", clause)
		}
		targets[ch] = Target{FirstResponse: f, Resolution: r}
	}
	return targets, nil
}

func sortedChannels() []string {
	list := make([]string, 0, len(DefaultTargets))
	for ch := range DefaultTargets {
		list = append(list, ch)
	}
	sort.Strings(list)
	return list
}
