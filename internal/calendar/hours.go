package calendar

import (
	"time"
	_ "time/tzdata" // the zone must load even on hosts without /usr/share/zoneinfo
)

// Amsterdam is the Europe/Amsterdam location, in which all Dutch opening hours are kept.
var Amsterdam = mustLoadLocation("Europe/Amsterdam")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("calendar: " + err.Error()) // unreachable: time/tzdata is embedded
	}
	return loc
}

// searchDays bounds every walk through the calendar: after this many days in a row without an
// opening the schedule is taken to be always closed, so it cannot loop forever.
const searchDays = 3 * 366

// Span is one opening period within a day, as wall-clock offsets from midnight.
type Span struct {
	From, To time.Duration // From < To ≤ 24h
}

// Hours is a weekly opening-hours schedule in Europe/Amsterdam. It is closed on every day that
// Holidays lists (Goede Vrijdag optionally) and on ClosedDays. The zero value is never open;
// build one with DefaultHours or ParseHours.
type Hours struct {
	Week [7][]Span // indexed by time.Weekday; spans sorted and non-overlapping
	// ClosedDays are extra closing days (matched by calendar date), such as the Friday after
	// Ascension or a day equated with a holiday by royal decree.
	ClosedDays []time.Time
	// OpenOnGoodFriday keeps the desks open on Goede Vrijdag, as many municipalities do even
	// though it counts as a holiday for statutory terms.
	OpenOnGoodFriday bool
	// OpenOnHolidays keeps the schedule on public holidays too: a service that never closes.
	OpenOnHolidays bool
}

// AlwaysOpen returns a schedule that is open day and night, holidays included ("altijd").
func AlwaysOpen() Hours {
	h := Hours{OpenOnHolidays: true}
	for wd := range h.Week {
		h.Week[wd] = []Span{{0, 24 * time.Hour}}
	}
	return h
}

// DefaultHours returns Monday to Friday 08:30–17:00.
func DefaultHours() Hours {
	var h Hours
	for wd := time.Monday; wd <= time.Friday; wd++ {
		h.Week[wd] = []Span{{8*time.Hour + 30*time.Minute, 17 * time.Hour}}
	}
	return h
}

// Open reports whether the desks are open at instant t.
func (h Hours) Open(t time.Time) bool {
	for from, to := range h.periods(t) {
		return !from.After(t) && t.Before(to)
	}
	return false
}

// NextOpen returns t if the desks are open then, else the next opening instant. It returns the
// zero time when nothing opens within three years.
func (h Hours) NextOpen(t time.Time) time.Time {
	for from := range h.periods(t) {
		if from.Before(t) {
			return t
		}
		return from
	}
	return time.Time{}
}

// AddBusinessDuration returns the instant at which d of opening time has passed since start:
// the due time of a service-level target counted in business hours. A target that is used up
// exactly at closing time is due at closing time, not at the next opening. It returns the zero
// time when the schedule stays closed for three years in a row.
func (h Hours) AddBusinessDuration(start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return start
	}
	for from, to := range h.periods(start) {
		from = latest(from, start)
		avail := to.Sub(from)
		if d <= avail {
			return from.Add(d)
		}
		d -= avail
	}
	return time.Time{}
}

// BusinessDuration returns the opening time elapsed between from and to (zero if to is not
// after from). Pauses, such as waiting for the citizen, are left to the caller, who sums the
// intervals during which the clock runs.
func (h Hours) BusinessDuration(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	var total time.Duration
	for pFrom, pTo := range h.periods(from) {
		if !pFrom.Before(to) {
			break
		}
		total += earliest(pTo, to).Sub(latest(pFrom, from))
	}
	return total
}

// periods yields the opening periods, in order, that end after t, starting on t's Amsterdam
// date. It stops after searchDays days in a row without an opening.
func (h Hours) periods(t time.Time) func(yield func(from, to time.Time) bool) {
	return func(yield func(from, to time.Time) bool) {
		local := t.In(Amsterdam)
		y, m, d := local.Date()
		var holidays []Holiday // of day's year, recomputed only when the walk crosses a year
		for i, idle := 0, 0; idle < searchDays; i, idle = i+1, idle+1 {
			day := time.Date(y, m, d+i, 0, 0, 0, 0, Amsterdam)
			if len(holidays) == 0 || holidays[0].Date.Year() != day.Year() {
				holidays = holidaysOf(day.Year())
			}
			if h.closed(day, holidays) {
				continue
			}
			for _, s := range h.Week[day.Weekday()] {
				from, to := wallClock(day, s.From), wallClock(day, s.To)
				if !to.After(t) {
					continue
				}
				if !yield(from, to) {
					return
				}
				idle = -1 // the loop's increment makes it 0
			}
		}
	}
}

// closed reports whether the whole calendar day is closed for one of the year's holidays or an
// extra closing day.
func (h Hours) closed(day time.Time, holidays []Holiday) bool {
	date := dateOf(day)
	for _, hol := range holidays {
		if hol.Date.Equal(date) && !h.OpenOnHolidays && !(h.OpenOnGoodFriday && hol.Name == "Goede Vrijdag") {
			return true
		}
	}
	for _, c := range h.ClosedDays {
		if dateOf(c).Equal(date) {
			return true
		}
	}
	return false
}

// wallClock returns the instant at wall-clock offset off on day. Building it from hours and
// minutes, rather than adding a duration to midnight, keeps 08:30 at 08:30 on DST days.
func wallClock(day time.Time, off time.Duration) time.Time {
	y, m, d := day.Date()
	hh, mm, ss := int(off/time.Hour), int(off%time.Hour/time.Minute), int(off%time.Minute/time.Second)
	return time.Date(y, m, d, hh, mm, ss, 0, Amsterdam) // hour 24 normalises to next midnight
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
