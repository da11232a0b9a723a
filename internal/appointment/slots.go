package appointment

import (
	"cmp"
	"slices"
	"sync/atomic"
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
	desks    []int64   // the desks free for it, in schedule order (only the first from Search)
}

// Desks lists the desks found free for the slot.
func (s Slot) Desks() []int64 { return s.desks }

// SlotQuery asks for free slots.
type SlotQuery struct {
	Products []string
	Persons  int
	Location string // "" searches every location
	From, To time.Time
	Urgent   bool // staff booking an urgent case: the held-back time counts as free
}

// Search finds the free slots for a query, given the busy time of the desks (a list the caller does not
// change afterwards: the index built from it is kept for the next search with the same list). It holds the rules on time
// that every booking must meet: not before now plus the minimum notice, not past the horizon, inside the
// opening periods, outside the time held back for urgent cases until its release, and without overlap
// with busy time including the buffer. The result is sorted by start; each slot names the first free desk.
func (s Schedule) Search(q SlotQuery, busy []Busy, now time.Time) []Slot {
	return s.search(q, busy, now, time.Time{}, false)
}

// First is the earliest free slot of the query, found without searching further.
func (s Schedule) First(q SlotQuery, busy []Busy, now time.Time) (Slot, bool) {
	slots := s.search(q, busy, now, time.Time{}, true)
	if len(slots) == 0 {
		return Slot{}, false
	}
	return slots[0], true
}

// DesksFreeAt lists every desk that is free for the query's appointment starting at start, under the
// same rules as Search; none when start is not a slot.
func (s Schedule) DesksFreeAt(q SlotQuery, busy []Busy, now, start time.Time) []int64 {
	q.From, q.To = start, start.Add(time.Second)
	for _, slot := range s.search(q, busy, now, start, false) {
		if slot.Start.Equal(start) {
			return slot.desks
		}
	}
	return nil
}

// search walks the days; with a non-zero only it collects every free desk of that one start, and with
// first it stops at the first day with a slot.
func (s Schedule) search(q SlotQuery, busy []Busy, now, only time.Time, first bool) []Slot {
	length := s.Duration(q.Products, q.Persons)
	if length <= 0 {
		return nil
	}
	from, to := s.window(q.From, q.To, now)
	var slots []Slot
	byDesk := busyByDesk(busy)
	locations := 0
	for _, loc := range s.Locations {
		if q.Location != "" && loc.ID != q.Location {
			continue
		}
		desks := s.DesksFor(loc.ID, q.Products)
		if len(desks) == 0 {
			continue
		}
		locations++
		w := &dayWalk{sched: s, loc: loc, desks: desks, length: length, from: from, to: to, urgent: q.Urgent, now: now,
			all: !only.IsZero(), busy: make([][]span, len(desks)), cursor: make([]int, len(desks))}
		for i, d := range desks {
			w.busy[i] = byDesk[d.ID]
		}
		found := len(slots)
		for day := Date(from); day.Before(to); day = day.AddDate(0, 0, 1) {
			if slots = w.add(slots, day); first && len(slots) > found {
				break
			}
		}
	}
	if locations > 1 { // one location's walk finds its slots in order already
		slices.SortStableFunc(slots, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	}
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

// span is busy time in Unix seconds, which compare faster than time.Time in the inner loop.
type span struct{ from, to int64 }

// busyIndex is busyByDesk's last answer with the list it was built from: the store hands out the same
// list, never changed, until the booked time changes, so repeated searches reuse the index.
type busyIndex struct {
	list   []Busy
	byDesk map[int64][]span
}

var lastBusyIndex atomic.Pointer[busyIndex]

// busyByDesk groups busy time per desk, each sorted by start, in one allocation: the store's list comes
// ordered by desk and start, so each desk's spans are one run of it. The result is shared and read only.
func busyByDesk(busy []Busy) map[int64][]span {
	if len(busy) == 0 {
		return nil
	}
	if last := lastBusyIndex.Load(); last != nil && len(last.list) == len(busy) && &last.list[0] == &busy[0] {
		return last.byDesk
	}
	all := make([]span, len(busy))
	m := map[int64][]span{}
	start := 0
	for i, b := range busy {
		all[i] = span{b.From.Unix(), b.To.Unix()}
		if i+1 == len(busy) || busy[i+1].DeskID != b.DeskID {
			run := all[start : i+1 : i+1]
			if prev, seen := m[b.DeskID]; seen {
				m[b.DeskID] = append(slices.Clip(prev), run...) // a list not ordered by desk: a copy of its own
			} else {
				m[b.DeskID] = run
			}
			start = i + 1
		}
	}
	for id, list := range m {
		if !slices.IsSortedFunc(list, compareSpans) {
			list = slices.Clone(list)
			slices.SortFunc(list, compareSpans)
			m[id] = list
		}
	}
	lastBusyIndex.Store(&busyIndex{list: busy, byDesk: m})
	return m
}

func compareSpans(a, b span) int { return cmp.Compare(a.from, b.from) }

// dayWalk finds the slots of one location, day by day. Starts only grow during the walk, so each desk
// keeps a cursor into its busy time instead of searching it again for every start.
type dayWalk struct {
	sched       Schedule
	loc         Location
	desks       []Desk
	busy        [][]span // per desk, sorted and not overlapping
	cursor      []int    // per desk: the first busy span that may end after the current start
	firstDesks  []int64  // backing store of the one-desk lists of Search, to spare an allocation per slot
	length      time.Duration
	from, to    time.Time
	urgent, all bool
	now         time.Time
}

// add appends the slots of one date.
func (w *dayWalk) add(slots []Slot, day time.Time) []Slot {
	periods := w.loc.OpeningOn(day)
	if len(periods) == 0 {
		return slots
	}
	occupy := int64((w.length + time.Duration(w.sched.Rules.BufferMinutes)*time.Minute) / time.Second)
	held := w.sched.heldBack(periods, day, w.urgent, w.now)
	step := time.Duration(max(w.sched.Rules.StepMinutes, CellMinutes)) * time.Minute
	for _, p := range periods {
		if n := int((p.To.Sub(p.From)-w.length)/step) + 1; n > 0 && !w.all {
			slots = slices.Grow(slots, n) // room for the day at once, instead of growing slot by slot
		}
		for start := p.From; !start.Add(w.length).After(p.To); start = start.Add(step) {
			if start.Before(w.from) || !start.Before(w.to) {
				continue
			}
			end := start.Add(w.length)
			if held.From.Before(end) && start.Before(held.To) {
				continue
			}
			if free := w.freeDesks(start.Unix(), occupy); len(free) > 0 {
				slots = append(slots, Slot{Start: start, End: end, Location: w.loc.ID, desks: free})
			}
		}
	}
	return slots
}

// freeDesks lists the desks free for [start, start+occupy): the first one only, unless all are asked.
// Spans that end by start are passed for good; the next one alone decides, because spans do not overlap.
func (w *dayWalk) freeDesks(start, occupy int64) []int64 {
	var free []int64
	for i, d := range w.desks {
		busy, c := w.busy[i], w.cursor[i]
		for c < len(busy) && busy[c].to <= start {
			c++
		}
		w.cursor[i] = c
		if c == len(busy) || busy[c].from >= start+occupy {
			if !w.all {
				if len(w.firstDesks) == cap(w.firstDesks) {
					w.firstDesks = make([]int64, 0, 256)
				}
				w.firstDesks = append(w.firstDesks, d.ID)
				return w.firstDesks[len(w.firstDesks)-1 : len(w.firstDesks) : len(w.firstDesks)]
			}
			free = append(free, d.ID)
		}
	}
	return free
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

// isFree reports whether [from, to) overlaps none of the sorted, non-overlapping busy spans.
func isFree(busy []span, from, to int64) bool {
	i, _ := slices.BinarySearchFunc(busy, from, func(b span, t int64) int { return cmp.Compare(b.from, t) })
	if i > 0 && busy[i-1].to > from {
		return false
	}
	return i >= len(busy) || busy[i].from >= to
}
