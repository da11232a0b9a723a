package appointment

import (
	"slices"
	"time"
)

// Busy is time a desk is taken: a booked appointment with its buffer.
type Busy struct {
	ID       int64 // the appointment
	DeskID   int64
	From, To time.Time
}

// Slot is a start time at a location at which some desk is free for the whole appointment.
type Slot struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Location string    `json:"location"`
	desks    []int64   // the desks free for it, in schedule order
}

// Desks lists the desks that are free for the slot.
func (s Slot) Desks() []int64 { return s.desks }

// SlotQuery asks for free slots.
type SlotQuery struct {
	Products []string
	Persons  int
	Location string // "" searches every location
	From, To time.Time
	Urgent   bool // staff booking an urgent case: the held-back time counts as free
}

// Search finds the free slots for a query, given the busy time of the desks. It holds the rules on time
// that every booking must meet: not before now plus the minimum notice, not past the horizon, inside the
// opening periods, outside the time held back for urgent cases until its release, and without overlap
// with busy time including the buffer. The result is sorted by start, then location.
func (s Schedule) Search(q SlotQuery, busy []Busy, now time.Time) []Slot {
	length := s.Duration(q.Products, q.Persons)
	if length <= 0 {
		return nil
	}
	from, to := s.window(q.From, q.To, now)
	var slots []Slot
	for _, loc := range s.Locations {
		if q.Location != "" && loc.ID != q.Location {
			continue
		}
		desks := s.DesksFor(loc.ID, q.Products)
		if len(desks) == 0 {
			continue
		}
		byDesk := busyByDesk(busy, desks)
		for day := Date(from); day.Before(to); day = day.AddDate(0, 0, 1) {
			slots = s.daySlots(slots, loc, desks, byDesk, day, length, from, to, q.Urgent, now)
		}
	}
	slices.SortStableFunc(slots, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	return slots
}

// window clips the asked period to [now + notice, today + horizon days).
func (s Schedule) window(from, to, now time.Time) (time.Time, time.Time) {
	earliest := now.Add(time.Duration(s.Rules.MinNoticeMinutes) * time.Minute)
	if from.Before(earliest) {
		from = earliest
	}
	latest := Date(now).AddDate(0, 0, s.Rules.HorizonDays+1)
	if to.IsZero() || to.After(latest) {
		to = latest
	}
	return from, to
}

func busyByDesk(busy []Busy, desks []Desk) map[int64][]Busy {
	m := make(map[int64][]Busy, len(desks))
	for _, b := range busy {
		m[b.DeskID] = append(m[b.DeskID], b)
	}
	for id := range m {
		slices.SortFunc(m[id], func(a, b Busy) int { return a.From.Compare(b.From) })
	}
	return m
}

// daySlots adds the slots of one date at one location.
func (s Schedule) daySlots(slots []Slot, loc Location, desks []Desk, byDesk map[int64][]Busy, day time.Time,
	length time.Duration, from, to time.Time, urgent bool, now time.Time) []Slot {
	periods := loc.OpeningOn(day)
	if len(periods) == 0 {
		return slots
	}
	occupy := length + time.Duration(s.Rules.BufferMinutes)*time.Minute
	held := s.heldBack(periods, day, urgent, now)
	step := time.Duration(max(s.Rules.StepMinutes, CellMinutes)) * time.Minute
	for _, p := range periods {
		for start := p.From; !start.Add(length).After(p.To); start = start.Add(step) {
			if start.Before(from) || !start.Before(to) {
				continue
			}
			end := start.Add(length)
			if held.From.Before(end) && start.Before(held.To) {
				continue
			}
			var free []int64
			for _, d := range desks {
				if isFree(byDesk[d.ID], start, start.Add(occupy)) {
					free = append(free, d.ID)
				}
			}
			if len(free) > 0 {
				slots = append(slots, Slot{Start: start, End: end, Location: loc.ID, desks: free})
			}
		}
	}
	return slots
}

// heldBack is the end of the day's last opening period kept for urgent cases: UrgentPercent of the day's
// opening time, rounded down to whole cells, until UrgentReleaseDays before the date. It is empty for an
// urgent booking and once released.
func (s Schedule) heldBack(periods []Period, day time.Time, urgent bool, now time.Time) Period {
	release := day.AddDate(0, 0, -s.Rules.UrgentReleaseDays)
	if urgent || s.Rules.UrgentPercent <= 0 || !now.Before(release) {
		return Period{}
	}
	var open time.Duration
	for _, p := range periods {
		open += p.To.Sub(p.From)
	}
	cell := CellMinutes * time.Minute
	share := open * time.Duration(s.Rules.UrgentPercent) / 100 / cell * cell
	last := periods[len(periods)-1]
	return Period{From: last.To.Add(-share), To: last.To}
}

// isFree reports whether [from, to) overlaps none of the sorted busy periods.
func isFree(busy []Busy, from, to time.Time) bool {
	i, _ := slices.BinarySearchFunc(busy, from, func(b Busy, t time.Time) int { return b.From.Compare(t) })
	if i > 0 && busy[i-1].To.After(from) {
		return false
	}
	return i >= len(busy) || !busy[i].From.Before(to)
}
