package request

import (
	"fmt"
	"strings"
	"time"

	"loket/internal/calendar"
)

// Suspension is one request for information (Awb 4:5) with the term given for the answer
// (hersteltermijn). The decision term stands still from the day after Asked (Awb 4:15 lid 1 sub a)
// until the handler marks the information received (Resolved: the term runs again that day), or
// until Until passes unused: then the suspension ends by itself and the handler is prompted to
// decide not to handle the application.
type Suspension struct {
	Asked    time.Time // civil date the information was asked
	Until    time.Time `json:",omitzero"` // last day of the hersteltermijn; zero in requests from before it existed
	Resolved time.Time `json:",omitzero"` // civil date the information arrived; zero while open
	What     string    `json:",omitempty"`
}

// Extension is one postponement of the decision (verdaging), announced before the term ended.
// Consent marks an extension the requester agreed to in writing (Awb 7:10 lid 4).
type Extension struct {
	Days    int       `json:"days"`
	On      time.Time `json:"on"` // civil date it was announced
	Reason  string    `json:"reason"`
	Consent bool      `json:"consent,omitempty"`
}

// Penalty rates of Awb 4:17 lid 2, in euros a day, and the longest accrual of lid 1.
const (
	PenaltyRateFirst  = 23 // days 1–14
	PenaltyRateSecond = 35 // days 15–28
	PenaltyRateRest   = 45 // days 29–42
	PenaltyMaxDays    = 42
)

// Penalty is the dwangsom of Awb 4:17 as it stands on a day.
type Penalty struct {
	Notice    time.Time // day the valid notice of default was received; zero: none
	Premature bool      // a notice arrived while the term still ran: it does not count
	From      time.Time // first day of accrual: two weeks after the notice (lid 3)
	Days      int       // days accrued so far, at most 42
	Euros     int       // amount accrued so far
	Complete  bool      // the 42 days are over: the amount is final
}

// PenaltyEuros is the dwangsom for a number of days late (Awb 4:17 lid 2), capped at 42 days.
func PenaltyEuros(days int) int {
	days = max(0, min(days, PenaltyMaxDays))
	first := min(days, 14)
	second := min(max(days-14, 0), 14)
	rest := max(days-28, 0)
	return first*PenaltyRateFirst + second*PenaltyRateSecond + rest*PenaltyRateRest
}

// Deadline is the decision term of one request as the law counts it on one day. It is derived from
// the receipt, the procedure and the recorded events every time it is asked for, never stored.
type Deadline struct {
	Procedure     Procedure
	Start         time.Time // day zero: the term counts from the day after
	Original      time.Time // the end without suspensions and extensions
	Due           time.Time // the last day to decide, now
	SuspendedDays int
	ExtendedDays  int
	Suspended     bool      // a request for information is open: the term stands still
	RepairUntil   time.Time // the open request's hersteltermijn
	RepairLapsed  bool      // the hersteltermijn of the last request ran out unused (Awb 4:5)
	Decided       bool
	Overdue       bool      // the term passed without a decision, or the decision came late
	DaysLeft      int       // working days from today to Due; negative when past
	Warn          bool      // fewer than WarnWorkingDays working days left
	ExtendBy      time.Time // an extension must be announced by this day (the end of the term)
	Granted       bool      // lex silencio positivo: granted by operation of law (Awb 4:20b)
	GrantedOn     time.Time
	Penalty       Penalty
	Urgent        bool
	UrgentReason  string
}

// procedure is the request's copy of its procedure; requests from before procedures existed follow
// the beschikking or objection preset with the term they were given.
func (r Request) procedure() Procedure {
	if r.Procedure.ID != "" {
		return r.Procedure
	}
	id := ProcedureDecision
	if r.Kind == KindObjection {
		id = ProcedureObjection
	}
	p, _ := Preset(id)
	if id == ProcedureDecision && r.TermDays > 0 {
		p.TermDays, p.ExtensionDays = r.TermDays, r.TermDays
	}
	return p
}

// extensions lists the postponements, including the single one older requests kept as a number.
func (r Request) extensions() []Extension {
	if len(r.Extensions) == 0 && r.ExtensionDays > 0 {
		return []Extension{{Days: r.ExtensionDays, Reason: r.ExtensionNote}}
	}
	return r.Extensions
}

// termStart is day zero of the decision term: the end of the objection period for an objection
// lodged in time (Awb 7:10 lid 1), otherwise the day of receipt. A late objection has no objection
// period left to wait for, so its term counts from receipt.
func (r Request) termStart(p Procedure) time.Time {
	received := civilDate(r.ReceivedAt)
	if p.Start == StartObjectionPeriod && !r.ObjectionUntil.IsZero() && !r.Late && r.ObjectionUntil.After(received) {
		return r.ObjectionUntil
	}
	return received
}

// suspensionsOn turns the recorded requests for information into the stretches calendar counts: an
// open one counts up to and including today, or up to the last day of its hersteltermijn when that
// passed unused; none counts before the term started.
func (r Request) suspensionsOn(start, today time.Time) []calendar.Suspension {
	out := make([]calendar.Suspension, 0, len(r.Suspensions))
	for _, s := range r.Suspensions {
		cs := calendar.Suspension{Asked: maxDate(civilDate(s.Asked), start), Resolved: s.Resolved}
		if s.Resolved.IsZero() {
			cs.Resolved = today.AddDate(0, 0, 1)
			if !s.Until.IsZero() && today.After(s.Until) {
				cs.Resolved = s.Until.AddDate(0, 0, 1)
			}
			if !r.DecidedAt.IsZero() && civilDate(r.DecidedAt).Before(cs.Resolved) {
				cs.Resolved = civilDate(r.DecidedAt)
			}
		}
		cs.Resolved = maxDate(cs.Resolved, cs.Asked)
		out = append(out, cs)
	}
	return out
}

// DeadlineFor works out the decision term of r on the day of now, from the law and what happened.
func DeadlineFor(r Request, now time.Time) (Deadline, error) {
	p := r.procedure()
	today := civilDate(now)
	d := Deadline{Procedure: p, Start: r.termStart(p), Decided: r.Status == StatusDecided}
	days := p.TermDaysFor(r.Committee)
	if r.Procedure.ID == "" && r.TermDays > 0 {
		days = r.TermDays
	}
	orig, err := calendar.Term{Start: d.Start, Days: days, WithoutATW: p.WithoutATW}.End()
	if err != nil {
		return d, fmt.Errorf("decision term of %s: %w", r.Reference, err)
	}
	d.Original = orig
	for _, e := range r.extensions() {
		d.ExtendedDays += e.Days
	}
	ss := r.suspensionsOn(d.Start, today)
	d.Due, err = calendar.Term{Start: d.Start, Days: days, ExtensionDays: d.ExtendedDays, Suspensions: ss, WithoutATW: p.WithoutATW}.End()
	if err != nil {
		return d, fmt.Errorf("decision term of %s: %w", r.Reference, err)
	}
	for _, s := range ss {
		d.SuspendedDays += max(0, int(s.Resolved.Sub(s.Asked).Hours()/24)-1)
	}
	if n := len(r.Suspensions); n > 0 && r.Suspensions[n-1].Resolved.IsZero() && !d.Decided {
		last := r.Suspensions[n-1]
		d.RepairUntil = last.Until
		d.RepairLapsed = !last.Until.IsZero() && today.After(last.Until)
		d.Suspended = !d.RepairLapsed
	}
	d.ExtendBy = d.Due
	d.DaysLeft = WorkingDaysBetween(today, d.Due)
	if d.Decided {
		d.Overdue = civilDate(r.DecidedAt).After(d.Due)
	} else {
		d.Overdue = today.After(d.Due)
		d.Warn = !d.Overdue && d.DaysLeft < WarnWorkingDays
		d.Granted = p.LexSilencio && d.Overdue
		if d.Granted {
			d.GrantedOn = d.Due.AddDate(0, 0, 1)
		}
	}
	if p.Penalty {
		d.Penalty = r.penaltyOn(d.Due, today)
	}
	d.Urgent, d.UrgentReason = r.urgency(d.Due)
	return d, nil
}

// penaltyOn counts the dwangsom of Awb 4:17: a notice of default counts only when received after the
// term ended; the penalty accrues from two weeks after it (lid 3: the days notice+1 … notice+14 are the
// municipality's last chance, the first penalty day is notice+15), up to the day before the decision,
// for at most 42 days (lid 1, without the ATW).
func (r Request) penaltyOn(due, today time.Time) Penalty {
	var pen Penalty
	for _, n := range r.Notices {
		n = civilDate(n)
		if !n.After(due) {
			pen.Premature = true
			continue
		}
		pen.Notice, pen.Premature = n, false
		break
	}
	if pen.Notice.IsZero() {
		return pen
	}
	pen.From = pen.Notice.AddDate(0, 0, 15)
	last := today
	if r.Status == StatusDecided {
		last = civilDate(r.DecidedAt).AddDate(0, 0, -1)
	}
	pen.Days = penaltyDays(pen.From, last)
	pen.Euros = PenaltyEuros(pen.Days)
	pen.Complete = pen.Days == PenaltyMaxDays || (r.Status == StatusDecided && pen.Days > 0)
	return pen
}

// urgency: a related date (an event, a felling) on or before the decision deadline or the hearing
// means the decision may come too late to matter.
func (r Request) urgency(due time.Time) (bool, string) {
	if r.RelatedDate.IsZero() || r.Status == StatusDecided {
		return false, ""
	}
	what := lowerFirst(strings.TrimSuffix(r.RelatedLabel, "?"))
	switch {
	case !r.Hearing.IsZero() && !r.RelatedDate.After(r.Hearing):
		return true, fmt.Sprintf("%s (%s) valt vóór de hoorzitting (%s).", upperFirst(what), DutchDate(r.RelatedDate), DutchDate(r.Hearing))
	case !r.RelatedDate.After(due):
		return true, fmt.Sprintf("%s (%s) valt vóór de uiterste beslisdatum (%s).", upperFirst(what), DutchDate(r.RelatedDate), DutchDate(due))
	}
	return false, ""
}

// HearingAdvice is the check of a planned hearing against the related date and the deadline.
type HearingAdvice struct {
	Problem string    // Dutch warning; empty when the day is sensible
	Latest  time.Time // the latest sensible day for the hearing
}

// HearingPrepDays are the working days kept between the hearing and the decision deadline, to
// write the decision after hearing the parties.
const HearingPrepDays = 5

// AdviseHearing checks a hearing day: it should come before the related date (else the decision on
// the objection can change nothing) and leave HearingPrepDays working days before the deadline.
// Latest is the last working day that satisfies both.
func AdviseHearing(r Request, dl Deadline, day time.Time) HearingAdvice {
	day = civilDate(day)
	latest := addWorkingDays(dl.Due, -HearingPrepDays)
	if !r.RelatedDate.IsZero() {
		latest = minDate(latest, addWorkingDays(r.RelatedDate, -1))
	}
	a := HearingAdvice{Latest: latest}
	what := lowerFirst(strings.TrimSuffix(r.RelatedLabel, "?"))
	switch {
	case !r.RelatedDate.IsZero() && !day.Before(r.RelatedDate):
		a.Problem = fmt.Sprintf("De hoorzitting (%s) is niet vóór %s (%s). Dan komt het besluit te laat. Plan de hoorzitting uiterlijk op %s.",
			DutchDate(day), what, DutchDate(r.RelatedDate), DutchDate(latest))
	case day.After(dl.Due):
		a.Problem = fmt.Sprintf("De hoorzitting (%s) is na de uiterste beslisdatum (%s). Plan de hoorzitting uiterlijk op %s.",
			DutchDate(day), DutchDate(dl.Due), DutchDate(latest))
	case day.After(latest):
		a.Problem = fmt.Sprintf("Na de hoorzitting (%s) blijven minder dan %d werkdagen over om te beslissen. Plan de hoorzitting uiterlijk op %s.",
			DutchDate(day), HearingPrepDays, DutchDate(latest))
	}
	return a
}

// addWorkingDays moves n working days (term days) from d, backwards when n is negative.
func addWorkingDays(d time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if calendar.IsTermDay(d) {
			n--
		}
	}
	return d
}

func maxDate(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// Amount writes the accrued penalty the Dutch way: € 322.
func (p Penalty) Amount() string { return Euros(p.Euros) }

// DayCount writes a number of days in Dutch: "1 dag", "14 dagen", "6 weken".
func DayCount(n int) string { return dayCount(n) }
