package insight

import (
	"fmt"
	"math"
	"time"
)

// CounterDemand is the counter's demand in one hour of the week at one location, averaged over the
// weeks of a period: residents who walk in without an appointment queue like callers, booked
// appointments are planned work that needs its minutes of desk time and no queue.
type CounterDemand struct {
	Weekday        time.Weekday
	Hour           int     // 0–23 on the Amsterdam wall clock
	WalkInsPerHour float64 // walk-ins arriving in this hour, on average per week
	WalkInMinutes  float64 // average time at the desk of a walk-in
	PlannedMinutes float64 // minutes of booked appointments that fall in this hour, on average per week
}

// CounterTarget is the counter's service target for walk-ins: Share of them helped within Within.
type CounterTarget struct {
	Share  float64 // e.g. 0.8
	Within time.Duration
}

// CounterNeed is what one hour of the week needs at the counter.
type CounterNeed struct {
	CounterDemand
	WalkInDesks  int     // desks for walk-ins: the fewest for which Erlang C meets the target
	ServiceLevel float64 // share of walk-ins helped within the target at WalkInDesks (1 without walk-ins)
	PlannedHours float64 // desk hours of booked appointments: PlannedMinutes / 60
	DeskHours    float64 // PlannedHours plus a whole hour for every walk-in desk
	Desks        int     // desks open at once: the planned hours rounded up plus the walk-in desks
}

// CounterStaffing works out the desks and desk hours each hour of the week needs. Walk-ins are an
// M/M/N queue (Erlang C, as a phone queue, with the walk-ins' own handling time); booked appointments
// are planned work, so they need exactly their minutes, on desks of their own that the walk-ins cannot
// use in that time.
func CounterStaffing(demand []CounterDemand, t CounterTarget) ([]CounterNeed, error) {
	if t.Share <= 0 || t.Share >= 1 || t.Within < 0 || math.IsNaN(t.Share) {
		return nil, fmt.Errorf("%w: counter target %v within %s", ErrInvalidStaffing, t.Share, t.Within)
	}
	out := make([]CounterNeed, 0, len(demand))
	for _, d := range demand {
		n := CounterNeed{CounterDemand: d, ServiceLevel: 1, PlannedHours: d.PlannedMinutes / 60}
		if d.WalkInsPerHour > 0 && d.WalkInMinutes > 0 {
			res, err := Staffing(StaffingInput{ArrivalsPerHour: d.WalkInsPerHour, AHTSeconds: d.WalkInMinutes * 60,
				TargetShare: t.Share, WithinSeconds: t.Within.Seconds()})
			if err != nil {
				return nil, err
			}
			n.WalkInDesks, n.ServiceLevel = res.Agents, res.ServiceLevel
		}
		n.DeskHours = n.PlannedHours + float64(n.WalkInDesks)
		// The tolerance keeps 120 planned minutes at 2 desks, not 3 by a rounding error.
		n.Desks = int(math.Ceil(n.PlannedHours-1e-9)) + n.WalkInDesks
		out = append(out, n)
	}
	return out, nil
}
