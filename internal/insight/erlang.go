package insight

import (
	"errors"
	"fmt"
	"math"
)

// ErrInvalidStaffing is wrapped by every validation error from Staffing and WhatIf.
var ErrInvalidStaffing = errors.New("insight: invalid staffing input")

// maxAgents bounds the staffing search; a single municipal contact centre never needs more,
// so a larger answer means the input is wrong.
const maxAgents = 10_000

// ErlangC returns the probability that a contact has to wait in an M/M/N queue with the given
// number of agents and offered traffic in Erlang. It is 1 when the agents cannot keep up
// (traffic ≥ agents). Erlang B is built up with the recurrence B(k) = A·B(k-1) / (k + A·B(k-1)),
// which never forms A^N or N! and so stays accurate for hundreds of agents.
func ErlangC(agents int, trafficErlangs float64) float64 {
	n, a := float64(agents), trafficErlangs
	if agents <= 0 || a >= n {
		return 1
	}
	if a <= 0 {
		return 0
	}
	b := 1.0
	for k := 1; k <= agents; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return n * b / (n - a*(1-b))
}

// serviceLevel returns the share answered within wait seconds: 1 − C·e^(−(N−A)·t/AHT).
func serviceLevel(agents int, traffic, ahtSeconds, waitSeconds float64) float64 {
	c := ErlangC(agents, traffic)
	if c >= 1 {
		return 0
	}
	return 1 - c*math.Exp(-(float64(agents)-traffic)*waitSeconds/ahtSeconds)
}

// StaffingInput describes one interval of demand and the service-level target for it.
type StaffingInput struct {
	ArrivalsPerHour float64 // contacts offered per hour
	AHTSeconds      float64 // average handling time, talk plus wrap-up
	TargetShare     float64 // share to answer within WithinSeconds, e.g. 0.8
	WithinSeconds   float64 // e.g. 20
	Shrinkage       float64 // share of paid time not available for contacts, 0–0.9
	// Concurrency is how many contacts one agent handles at once (chat); 0 or 1 means one.
	// Erlang C assumes one server per contact, so c simultaneous chats are approximated as
	// an agent who works c times faster: AHT/c. This is optimistic when chats interfere.
	Concurrency float64
}

// StaffingResult is the smallest staffing that meets the target.
type StaffingResult struct {
	Agents          int     // agents logged in and available
	ScheduledAgents int     // agents to schedule: Agents / (1 − Shrinkage), rounded up
	TrafficErlangs  float64 // offered load in Erlang, after concurrency
	ServiceLevel    float64 // share answered within WithinSeconds at Agents
	ASASeconds      float64 // average speed of answer at Agents
	Occupancy       float64 // share of available time spent handling contacts
}

// Staffing returns the fewest agents with which Erlang C predicts the service-level target is
// met, and what that staffing achieves.
func Staffing(in StaffingInput) (StaffingResult, error) {
	if err := in.validate(); err != nil {
		return StaffingResult{}, err
	}
	aht := in.effectiveAHT()
	traffic := in.ArrivalsPerHour * aht / 3600
	if traffic == 0 {
		return StaffingResult{}, nil
	}
	for n := max(1, int(math.Floor(traffic))+1); n <= maxAgents; n++ {
		sl := serviceLevel(n, traffic, aht, in.WithinSeconds)
		if sl >= in.TargetShare {
			return StaffingResult{
				Agents:          n,
				ScheduledAgents: scheduled(n, in.Shrinkage),
				TrafficErlangs:  traffic,
				ServiceLevel:    sl,
				ASASeconds:      ErlangC(n, traffic) * aht / (float64(n) - traffic),
				Occupancy:       traffic / float64(n),
			}, nil
		}
	}
	return StaffingResult{}, fmt.Errorf("%w: more than %d agents needed", ErrInvalidStaffing, maxAgents)
}

// scheduled grosses agents up for shrinkage. The small tolerance keeps 14/(1−0.3), which is
// 20.000000000000004 in floating point, at 20.
func scheduled(agents int, shrinkage float64) int {
	return int(math.Ceil(float64(agents)/(1-shrinkage) - 1e-9))
}

func (in StaffingInput) effectiveAHT() float64 {
	if in.Concurrency > 1 {
		return in.AHTSeconds / in.Concurrency
	}
	return in.AHTSeconds
}

func (in StaffingInput) validate() error {
	bad := func(msg string) error { return fmt.Errorf("%w: %s", ErrInvalidStaffing, msg) }
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	switch {
	case !finite(in.ArrivalsPerHour, in.AHTSeconds, in.TargetShare, in.WithinSeconds, in.Shrinkage, in.Concurrency):
		return bad("not a finite number")
	case in.ArrivalsPerHour < 0:
		return bad("negative arrivals")
	case in.AHTSeconds <= 0:
		return bad("handling time must be positive")
	case in.AHTSeconds > 24*3600:
		return bad("handling time longer than a day")
	case in.TargetShare <= 0 || in.TargetShare >= 1:
		return bad("target share must be between 0 and 1, exclusive")
	case in.WithinSeconds < 0:
		return bad("negative answer time")
	case in.Shrinkage < 0 || in.Shrinkage > 0.9:
		return bad("shrinkage must be between 0 and 0.9")
	case in.Concurrency < 0 || in.Concurrency > 20:
		return bad("concurrency must be between 1 and 20")
	case in.ArrivalsPerHour*in.effectiveAHT()/3600 > maxAgents:
		return bad(fmt.Sprintf("load above %d Erlang", maxAgents))
	}
	return nil
}
