package request

import (
	"time"

	"loket/internal/calendar"
)

// TermFactsVersion names the way TermFactsOf derives its facts. The store keeps it with each row and
// derives the facts again for rows of another version (rows from before the facts existed, or after a
// change to the rules or the calendar of holidays), so a stored fact is never older than the rules.
const TermFactsVersion = 1

// TermFacts are the facts of a request's term that do not change with the date alone: they change only
// when something happens to the request (an action, a decision), so the store can keep them in columns
// and filter, count, sort and page by them in SQL. A term that does change with the date alone, because a
// request for information is open (the suspension counts until today, Awb 4:15), is marked Moves; its
// deadline is derived on read from Term, the part of the request that DeadlineFor reads.
type TermFacts struct {
	Moves bool // an open suspension: Due, Urgent, SuspendedDays and the penalty move with the date
	// Due is the last day to decide; exact while !Moves (for a moving term: as derived at the last change).
	Due    time.Time
	Urgent bool // a related date comes before the deadline or the hearing; exact while !Moves
	// Term is what DeadlineFor needs of the request, kept only while Moves.
	Term Request

	Month         string // YYYY-MM of receipt in Amsterdam, for the figures
	ProcedureName string
	DecidedInTime bool      // decided on or before the deadline
	SuspendedDays int       // exact while !Moves
	PenaltyFrom   time.Time // undecided, !Moves: the first day of the dwangsom (Awb 4:17 lid 3); zero: none
	PenaltyEuros  int       // decided: the final dwangsom
}

// TermFactsOf derives the facts of r as of now; for a term that does not move, now does not matter.
func TermFactsOf(r Request, now time.Time) (TermFacts, error) {
	d, err := DeadlineFor(r, now)
	if err != nil {
		return TermFacts{}, err
	}
	f := TermFacts{Moves: r.termMoves(), Due: d.Due, Urgent: d.Urgent, SuspendedDays: d.SuspendedDays,
		Month: r.ReceivedAt.In(calendar.Amsterdam).Format("2006-01"), ProcedureName: d.Procedure.Name}
	switch {
	case d.Decided:
		f.DecidedInTime, f.PenaltyEuros = !d.Overdue, d.Penalty.Euros
	case f.Moves:
		f.Term, f.SuspendedDays = r.termOnly(), 0 // counted on read, up to today
	default:
		f.PenaltyFrom = d.Penalty.From
	}
	return f, nil
}

// termMoves reports whether the derived term changes with the date alone: a request for information is
// open on an undecided request (see suspensionsOn).
func (r Request) termMoves() bool {
	if r.Status == StatusDecided {
		return false
	}
	for _, s := range r.Suspensions {
		if s.Resolved.IsZero() {
			return true
		}
	}
	return false
}

// termOnly is r without what DeadlineFor does not read (answers, letters, names), small to keep and read.
func (r Request) termOnly() Request {
	return Request{Reference: r.Reference, Product: r.Product, Kind: r.Kind, Team: r.Team, Status: r.Status,
		ReceivedAt: r.ReceivedAt, Procedure: r.Procedure, Committee: r.Committee, TermDays: r.TermDays,
		ExtensionDays: r.ExtensionDays, Extensions: r.Extensions, Suspensions: r.Suspensions, Notices: r.Notices,
		DecisionSent: r.DecisionSent, ObjectionUntil: r.ObjectionUntil, Late: r.Late, RelatedDate: r.RelatedDate,
		RelatedLabel: r.RelatedLabel, Hearing: r.Hearing, DecidedAt: r.DecidedAt}
}

// PenaltyEurosOn is the dwangsom accrued by today on an undecided request whose penalty runs from from
// (TermFacts.PenaltyFrom); 0 when from is zero or still to come.
func PenaltyEurosOn(from, today time.Time) int {
	if from.IsZero() {
		return 0
	}
	return PenaltyEuros(penaltyDays(from, civilDate(today)))
}

// penaltyDays counts the days of dwangsom from from up to and including last, at most PenaltyMaxDays.
func penaltyDays(from, last time.Time) int {
	if last.Before(from) {
		return 0
	}
	return min(int(last.Sub(from).Hours()/24)+1, PenaltyMaxDays)
}
