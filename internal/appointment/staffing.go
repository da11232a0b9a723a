package appointment

import (
	"context"
	"slices"
	"time"

	"loket/internal/calendar"
	"loket/internal/insight"
)

// CounterStaffing is what the counter of one location needs per hour of the week, from the visits of
// a period: booked appointments as planned work and walk-ins as a queue with the counter's target.
type CounterStaffing struct {
	Location Location
	From, To time.Time // the dates [From, To) the demand was read from
	Target   insight.CounterTarget
	Hours    []insight.CounterNeed // Monday first, then by hour
	// WeekDeskHours adds up the desk hours of every hour of the week.
	WeekDeskHours float64
}

// hourKey is one hour of the week on the Amsterdam wall clock.
type hourKey struct {
	day  time.Weekday
	hour int
}

// CounterStaffing reads the visits of a location over the dates [from, to) and works out, per hour of
// the week, the average demand (walk-ins per hour, booked minutes) and the desks and desk hours it
// needs under the counter's target from the rules. A booked appointment's minutes count in the hours
// they fall in; each weekday's figures are divided by how often that weekday occurs in the period.
func (s *Service) CounterStaffing(ctx context.Context, locationID string, from, to time.Time) (CounterStaffing, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return CounterStaffing{}, err
	}
	loc, ok := sched.Location(locationID)
	if !ok {
		return CounterStaffing{}, ErrNotFound
	}
	from, to = Date(from), Date(to)
	visits, err := s.store.AppointmentDemand(ctx, locationID, from, to)
	if err != nil {
		return CounterStaffing{}, err
	}
	cs := CounterStaffing{Location: loc, From: from, To: to, Target: insight.CounterTarget{
		Share: float64(sched.Rules.CounterTargetPercent) / 100, Within: time.Duration(sched.Rules.CounterTargetMinutes) * time.Minute}}
	walkIns, planned := map[hourKey]float64{}, map[hourKey]float64{}
	var walkInCount, walkInMinutes float64
	for _, v := range visits {
		if v.WalkIn {
			walkIns[keyOf(v.Start)]++
			walkInCount++
			walkInMinutes += v.End.Sub(v.Start).Minutes()
			continue
		}
		// Amsterdam is a whole number of hours from UTC, so its hours begin where UTC's do.
		for t := v.Start; t.Before(v.End); {
			next := t.Truncate(time.Hour).Add(time.Hour)
			if next.After(v.End) {
				next = v.End
			}
			planned[keyOf(t)] += next.Sub(t).Minutes()
			t = next
		}
	}
	occurs := map[time.Weekday]float64{}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		occurs[d.Weekday()]++
	}
	keys := openHours(loc)
	for k := range walkIns {
		keys = append(keys, k)
	}
	for k := range planned {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b hourKey) int {
		if da, db := (a.day+6)%7, (b.day+6)%7; da != db {
			return int(da) - int(db)
		}
		return a.hour - b.hour
	})
	keys = slices.Compact(keys)
	demand := make([]insight.CounterDemand, 0, len(keys))
	for _, k := range keys {
		d := insight.CounterDemand{Weekday: k.day, Hour: k.hour}
		if n := occurs[k.day]; n > 0 {
			d.WalkInsPerHour, d.PlannedMinutes = walkIns[k]/n, planned[k]/n
		}
		if walkInCount > 0 {
			d.WalkInMinutes = walkInMinutes / walkInCount
		}
		demand = append(demand, d)
	}
	if cs.Hours, err = insight.CounterStaffing(demand, cs.Target); err != nil {
		return cs, err
	}
	for _, h := range cs.Hours {
		cs.WeekDeskHours += h.DeskHours
	}
	return cs, nil
}

func keyOf(t time.Time) hourKey {
	t = t.In(calendar.Amsterdam)
	return hourKey{t.Weekday(), t.Hour()}
}

// openHours lists the hours of the week in which the location's weekly hours open it, so a quiet open
// hour shows as one that needs no desk.
func openHours(loc Location) []hourKey {
	var keys []hourKey
	for day, spans := range loc.Hours.Week {
		for _, sp := range spans {
			for h := int(sp.From / time.Hour); time.Duration(h)*time.Hour < sp.To; h++ {
				keys = append(keys, hourKey{time.Weekday(day), h})
			}
		}
	}
	return keys
}
