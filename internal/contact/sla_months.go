package contact

import (
	"context"
	"time"

	"loket/internal/calendar"
)

// ServiceLevelMonthStore streams the conversations of one month and keeps the figures counted from them,
// for the monthly report.
type ServiceLevelMonthStore interface {
	EachServiceLevelClockIn(ctx context.Context, from, to time.Time, fn func(Conversation)) error
	SaveServiceLevelMonth(ctx context.Context, month string, shares []Share, rolledAt time.Time) error
}

// MonthStart is the first moment of the month (YYYY-MM) that t falls in, in Dutch time.
func MonthStart(t time.Time) time.Time {
	t = t.In(calendar.Amsterdam)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, calendar.Amsterdam)
}

// RollupServiceLevelMonth counts the outcomes of the conversations created in the month that month falls
// in, as they stand at now, and stores them under that month (YYYY-MM), streamed one conversation at a time.
func (sl ServiceLevels) RollupServiceLevelMonth(ctx context.Context, st ServiceLevelMonthStore, month, now time.Time) error {
	first := MonthStart(month)
	t := sl.NewTally(now)
	if err := st.EachServiceLevelClockIn(ctx, first, first.AddDate(0, 1, 0), t.Add); err != nil {
		return err
	}
	return st.SaveServiceLevelMonth(ctx, first.Format("2006-01"), t.Shares(), now)
}

// RollupRecentServiceLevelMonths counts the current and the previous month, whose figures still change as
// their conversations are answered and closed. Older months are counted when the report first asks for
// them; their conversations are settled, mostly.
func (sl ServiceLevels) RollupRecentServiceLevelMonths(ctx context.Context, st ServiceLevelMonthStore, now time.Time) error {
	this := MonthStart(now)
	for _, m := range []time.Time{this.AddDate(0, -1, 0), this} {
		if err := sl.RollupServiceLevelMonth(ctx, st, m, now); err != nil {
			return err
		}
	}
	return nil
}
