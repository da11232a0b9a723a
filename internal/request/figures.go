package request

import (
	"cmp"
	"context"
	"slices"
	"time"

	"loket/internal/calendar"
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

// Figures are the requests received in [from, to) per month, procedure, product and team, for the
// manager's dashboard: decided in time, suspension days and penalties. Terms are derived today.
func (s *Service) Figures(ctx context.Context, from, to time.Time) ([]Figure, error) {
	list, err := s.Store.RequestsReceived(ctx, from, to, 0)
	if err != nil {
		return nil, err
	}
	now := s.now()
	index := map[[4]string]int{}
	var out []Figure
	for _, r := range list {
		d, err := DeadlineFor(r, now)
		if err != nil {
			return nil, err
		}
		key := [4]string{r.ReceivedAt.In(calendar.Amsterdam).Format("2006-01"), d.Procedure.Name, r.ProductTitle, r.Team}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Figure{Month: key[0], Procedure: key[1], Product: key[2], Team: key[3]})
		}
		f := &out[i]
		f.Received++
		f.SuspendedDays += d.SuspendedDays
		f.PenaltyEuros += d.Penalty.Euros
		switch {
		case d.Decided:
			f.Decided++
			if !d.Overdue {
				f.DecidedInTime++
			}
		case d.Overdue:
			f.OpenLate++
		}
	}
	slices.SortFunc(out, func(a, b Figure) int {
		return cmp.Or(cmp.Compare(b.Month, a.Month), cmp.Compare(a.Procedure, b.Procedure), cmp.Compare(a.Product, b.Product), cmp.Compare(a.Team, b.Team))
	})
	return out, nil
}

// PenaltyText writes the accrued penalty the Dutch way.
func (f Figure) PenaltyText() string { return Euros(f.PenaltyEuros) }
