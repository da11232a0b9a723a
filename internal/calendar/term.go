package calendar

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrInvalidTerm is wrapped by every error from Term.End.
var ErrInvalidTerm = errors.New("calendar: invalid term")

// Suspension is a stretch during which a decision term stands still (Awb 4:15 lid 1 sub a): "met
// ingang van de dag na die waarop" the applicant was asked to complete the application, "tot de dag
// waarop de aanvraag is aangevuld of de daarvoor gestelde termijn ongebruikt is verstreken". So the
// days Asked+1 … Resolved-1 stand still and the term runs again on Resolved itself; information
// that arrives the day after the question suspends nothing.
type Suspension struct {
	Asked    time.Time // day the request for information was sent
	Resolved time.Time // day the information arrived, or the day after the time for it ran out
}

// Term is a statutory term (wettelijke termijn) as the Awb and the Algemene termijnenwet (ATW)
// count it. End computes its last day in this order:
//
//  1. Counting starts the day after Start (Awb 6:8 for objections, and the common reading
//     of a decision term after receipt), so N days after Start is the last day: a term of
//     6 weeks from a Monday ends on the Monday 6 weeks later.
//  2. Days + 7×Weeks, plus the postponement ExtensionDays + 7×ExtensionWeeks (Awb 4:14,
//     announced before the term ran out), plus the days of all Suspensions (Awb 4:15).
//     Overlapping suspensions count once.
//  3. ATW art. 2: a term of at least three days is lengthened until it contains at least two
//     days that are not a Saturday, Sunday or algemeen erkende feestdag.
//  4. ATW art. 1: a term that ends on a Saturday, Sunday or algemeen erkende feestdag runs
//     to the end of the next day that is none of these.
//
// Algemeen erkende feestdagen are those of ATW art. 3 lid 1 plus Goede Vrijdag (lid 2), see
// IsHoliday, and the days equated by royal decree (lid 3, see IsEquatedDay) plus any EquatedDays
// passed in. Steps 3 and 4 apply to the whole term once, after suspension and postponement,
// because the ATW moves only the day the term ends. WithoutATW skips them, for a term set by a
// municipal by-law that does not declare the ATW applicable.
type Term struct {
	Start          time.Time // day of receipt or of sending; only its calendar date counts
	Days, Weeks    int
	ExtensionDays  int
	ExtensionWeeks int
	Suspensions    []Suspension
	EquatedDays    []time.Time
	WithoutATW     bool
}

// DecisionTerm returns the default decision term of Awb 4:13 lid 2: eight weeks after receipt
// of the application, when no statute sets another term.
func DecisionTerm(received time.Time) Term {
	return Term{Start: received, Weeks: 8}
}

// ObjectionPeriodEnd returns the last day to lodge an objection (bezwaar): six weeks (Awb 6:7)
// starting the day after the decision was sent or published (Awb 6:8 lid 1), lengthened by
// the ATW. An objection received on or before this day, or posted by then and received within
// a week after it (Awb 6:9), is in time.
func ObjectionPeriodEnd(decisionSent time.Time) time.Time {
	end, _ := Term{Start: decisionSent, Weeks: 6}.End() // cannot fail: the numbers are valid
	return end
}

// End returns the last day of the term, as a civil date (midnight UTC); the term runs until the
// end of that day.
func (t Term) End() (time.Time, error) {
	if err := t.validate(); err != nil {
		return time.Time{}, err
	}
	start := dateOf(t.Start)
	length := t.Days + 7*t.Weeks
	suspended, err := suspendedDays(t.Suspensions)
	if err != nil {
		return time.Time{}, err
	}
	end := start.AddDate(0, 0, length+t.ExtensionDays+7*t.ExtensionWeeks+suspended)
	if t.WithoutATW {
		return end, nil
	}
	if length+t.ExtensionDays+7*t.ExtensionWeeks >= 3 {
		for t.workingDaysBetween(start, end) < 2 {
			end = end.AddDate(0, 0, 1)
		}
	}
	for !t.isWorkingDay(end) {
		end = end.AddDate(0, 0, 1)
	}
	return end, nil
}

func (t Term) validate() error {
	switch {
	case t.Start.IsZero():
		return fmt.Errorf("%w: no start day", ErrInvalidTerm)
	case t.Days < 0 || t.Weeks < 0 || t.ExtensionDays < 0 || t.ExtensionWeeks < 0:
		return fmt.Errorf("%w: negative length", ErrInvalidTerm)
	case t.Days+7*t.Weeks == 0:
		return fmt.Errorf("%w: zero length", ErrInvalidTerm)
	case t.Days+7*(t.Weeks+t.ExtensionWeeks)+t.ExtensionDays > 100*366:
		return fmt.Errorf("%w: longer than a century", ErrInvalidTerm)
	}
	return nil
}

// suspendedDays counts the calendar days covered by the union of the suspensions.
func suspendedDays(ss []Suspension) (int, error) {
	type span struct{ from, to time.Time } // inclusive days
	spans := make([]span, 0, len(ss))
	for _, s := range ss {
		from, to := dateOf(s.Asked).AddDate(0, 0, 1), dateOf(s.Resolved).AddDate(0, 0, -1)
		if dateOf(s.Resolved).Before(dateOf(s.Asked)) {
			return 0, fmt.Errorf("%w: suspension resolved %s before it was asked %s",
				ErrInvalidTerm, dateOf(s.Resolved).Format(time.DateOnly), dateOf(s.Asked).Format(time.DateOnly))
		}
		if !to.Before(from) {
			spans = append(spans, span{from, to})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	days := 0
	var covered time.Time // last day already counted
	for _, s := range spans {
		if !s.from.After(covered) {
			s.from = covered.AddDate(0, 0, 1)
		}
		if !s.to.Before(s.from) {
			days += int(s.to.Sub(s.from).Hours()/24) + 1
			covered = s.to
		}
	}
	return days, nil
}

// workingDaysBetween counts working days in (start, end].
func (t Term) workingDaysBetween(start, end time.Time) int {
	n := 0
	for d := start.AddDate(0, 0, 1); !d.After(end) && n < 2; d = d.AddDate(0, 0, 1) {
		if t.isWorkingDay(d) {
			n++
		}
	}
	return n
}

// isWorkingDay is IsTermDay with the term's own equated days added.
func (t Term) isWorkingDay(d time.Time) bool {
	return IsTermDay(d) && (len(t.EquatedDays) == 0 || !slices.ContainsFunc(t.EquatedDays, func(e time.Time) bool {
		return dateOf(e).Equal(d)
	}))
}
