package insight

import (
	"strings"
	"time"

	"loket/internal/calendar"
)

// Period is the date range of a dashboard, both days included, as typed in the form.
type Period struct {
	From, To string // YYYY-MM-DD
	Error    string
}

// FromTime is the start of From in Amsterdam.
func (p Period) FromTime() time.Time { return parseDay(p.From) }

// ToTime is the start of the day after To.
func (p Period) ToTime() time.Time { return parseDay(p.To).AddDate(0, 0, 1) }

func parseDay(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, calendar.Amsterdam)
	return t
}

// LastYear is a dashboard's default period: the 365 days up to today (the day of now in Amsterdam).
func LastYear(now time.Time) Period {
	today := now.In(calendar.Amsterdam)
	return Period{From: today.AddDate(0, 0, -365).Format(time.DateOnly), To: today.Format(time.DateOnly)}
}

// PeriodOrLastYear is the period from and to, with a missing bound taken from LastYear(now).
func PeriodOrLastYear(from, to string, now time.Time) Period {
	p := LastYear(now)
	if from != "" {
		p.From = from
	}
	if to != "" {
		p.To = to
	}
	return p
}

// ValidationMessage is the Dutch part of an insight validation error (ErrInvalid), safe to show.
func ValidationMessage(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "invalid input: "); i >= 0 {
		return msg[i+len("invalid input: "):]
	}
	return msg
}
