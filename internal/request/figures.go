package request

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Figure counts the requests of one month, procedure, product and team, with their terms as the law
// counts them today.
type Figure struct {
	Month         string // YYYY-MM of receipt, Amsterdam
	Procedure     string // the procedure's name
	Product       string
	Team          string
	Received      int
	Decided       int
	DecidedInTime int // decided on or before the derived deadline
	OpenLate      int // not decided and past the deadline
	SuspendedDays int // all days the terms stood still
	PenaltyEuros  int // dwangsom accrued (Awb 4:17)
}

// InTimePercent is the share of decided requests decided in time, rounded down; 0 when none.
func (f Figure) InTimePercent() int {
	if f.Decided == 0 {
		return 0
	}
	return 100 * f.DecidedInTime / f.Decided
}

// FigureParts are the figures as the store aggregates them in SQL from the TermFacts; the service adds
// what moves with the date.
type FigureParts struct {
	// Rows count every request per key: Received, Decided, DecidedInTime and, for terms that do not
	// move, OpenLate and SuspendedDays; PenaltyEuros holds the final dwangsom of decided requests.
	Rows []Figure
	// Penalties are the undecided requests whose dwangsom runs (TermFacts.PenaltyFrom), key and day.
	Penalties []FigurePenalty
	// Moving are the undecided requests whose term moves with the date: key and the part DeadlineFor reads.
	Moving []FigureMoving
}

// FigurePenalty is one running dwangsom: the key of its row (Month, Procedure, Product, Team) and its first day.
type FigurePenalty struct {
	Key  Figure
	From time.Time
}

// FigureMoving is one request whose term moves with the date, with the key of its row.
type FigureMoving struct {
	Key     Figure
	Request Request
}

// Figures are the requests received in [from, to) per month, procedure, product and team, for the
// manager's dashboard: decided in time, suspension days and penalties, with the terms as the law counts
// them today. The store counts in SQL; only running penalties and the terms that move with the date
// (open requests for information) are added here, each from a few columns.
func (s *Service) Figures(ctx context.Context, from, to time.Time) ([]Figure, error) {
	now := s.now()
	parts, err := s.Store.RequestFigures(ctx, from, to, civilDate(now))
	if err != nil {
		return nil, err
	}
	out := parts.Rows
	index := make(map[[4]string]int, len(out))
	for i, f := range out {
		index[f.key()] = i
	}
	row := func(k Figure) *Figure {
		i, ok := index[k.key()]
		if !ok {
			i = len(out)
			index[k.key()] = i
			out = append(out, Figure{Month: k.Month, Procedure: k.Procedure, Product: k.Product, Team: k.Team})
		}
		return &out[i]
	}
	for _, p := range parts.Penalties {
		row(p.Key).PenaltyEuros += PenaltyEurosOn(p.From, now)
	}
	for _, m := range parts.Moving {
		d, err := DeadlineFor(m.Request, now)
		if err != nil {
			return nil, err
		}
		f := row(m.Key)
		f.SuspendedDays += d.SuspendedDays
		f.PenaltyEuros += d.Penalty.Euros
		if d.Overdue {
			f.OpenLate++
		}
	}
	slices.SortFunc(out, func(a, b Figure) int {
		return cmp.Or(cmp.Compare(b.Month, a.Month), cmp.Compare(a.Procedure, b.Procedure), cmp.Compare(a.Product, b.Product), cmp.Compare(a.Team, b.Team))
	})
	return out, nil
}

func (f Figure) key() [4]string { return [4]string{f.Month, f.Procedure, f.Product, f.Team} }

// PenaltyText writes the accrued penalty the Dutch way.
func (f Figure) PenaltyText() string { return Euros(f.PenaltyEuros) }
