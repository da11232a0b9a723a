package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestObjectionPeriodEnd(t *testing.T) {
	tests := []struct {
		name, sent, want string
	}{
		{"plain six weeks", "2025-01-09", "2025-02-20"},
		{"ends on koningsdag", "2026-03-16", "2026-04-28"},
		{"ends on saturday before easter", "2025-03-08", "2025-04-22"},
		{"ends on goede vrijdag", "2025-03-07", "2025-04-22"},
		{"ends on eerste kerstdag", "2025-11-13", "2025-12-29"},
		// Thursday 1 January 2026, then Friday 2 January equated by the 2026–2028 decree: Monday 5 January.
		{"ends on nieuwjaarsdag", "2025-11-20", "2026-01-05"},
		{"ends on bevrijdingsdag", "2025-03-24", "2025-05-06"},
		// Ascension Thursday 29 May 2025, Friday 30 May equated by the 2023–2025 decree: Monday 2 June.
		{"ends on hemelvaartsdag", "2025-04-17", "2025-06-02"},
		// Ascension Thursday 14 May 2026, Friday 15 May equated: Monday 18 May.
		{"ends on hemelvaartsdag 2026", "2026-04-02", "2026-05-18"},
	}
	for _, tt := range tests {
		if got := ObjectionPeriodEnd(day(t, tt.sent)).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s: ObjectionPeriodEnd(%s) = %s, want %s", tt.name, tt.sent, got, tt.want)
		}
	}
}

func TestTermEnd(t *testing.T) {
	received := day(t, "2025-03-03") // a Monday
	tests := []struct {
		name string
		term Term
		want string
	}{
		{"eight weeks", DecisionTerm(received), "2025-04-28"},
		{"received late evening", DecisionTerm(at(t, "2025-03-03 23:59")), "2025-04-28"},
		{"suspension", Term{Start: received, Weeks: 8, Suspensions: []Suspension{
			{day(t, "2025-03-10"), day(t, "2025-03-24")}}}, "2025-05-12"},
		{"overlapping suspensions count once", Term{Start: received, Weeks: 8, Suspensions: []Suspension{
			{day(t, "2025-03-20"), day(t, "2025-03-31")},
			{day(t, "2025-03-10"), day(t, "2025-03-24")}}}, "2025-05-19"},
		{"nested suspension", Term{Start: received, Weeks: 8, Suspensions: []Suspension{
			{day(t, "2025-03-10"), day(t, "2025-03-24")},
			{day(t, "2025-03-12"), day(t, "2025-03-14")}}}, "2025-05-12"},
		{"answered the same day", Term{Start: received, Weeks: 8, Suspensions: []Suspension{
			{day(t, "2025-03-10"), day(t, "2025-03-10")}}}, "2025-04-28"},
		{"extension", Term{Start: received, Weeks: 8, ExtensionWeeks: 4}, "2025-05-26"},
		{"extension and suspension", Term{Start: received, Weeks: 8, ExtensionDays: 14, Suspensions: []Suspension{
			{day(t, "2025-03-10"), day(t, "2025-03-17")}}}, "2025-05-19"},
		// 19 + 10 = Thursday 29 May 2025 (Ascension); the Friday after it was equated by decree in 2025.
		{"hemelvaart then equated friday", Term{Start: day(t, "2025-05-19"), Days: 10}, "2025-06-02"},
		// Ascension 2029 (10 May) has no decree yet, so the Friday after it is an ordinary working day.
		{"hemelvaart then plain friday", Term{Start: day(t, "2029-04-30"), Days: 10}, "2029-05-11"},
		{"friday equated by a decree passed in", Term{Start: day(t, "2029-04-30"), Days: 10,
			EquatedDays: []time.Time{day(t, "2029-05-11")}}, "2029-05-14"},
		// Without the ATW (a by-law term) a term may end on a Sunday.
		{"without ATW", Term{Start: day(t, "2026-03-02"), Days: 20, WithoutATW: true}, "2026-03-22"},
		// ATW art. 2: three days from Christmas Eve hold no working day until 29 December.
		{"two working days", Term{Start: day(t, "2025-12-24"), Days: 3}, "2025-12-30"},
		{"two-day term has no minimum", Term{Start: day(t, "2025-12-24"), Days: 2}, "2025-12-29"},
		// Three days' cooling-off for a house purchase, the worked example in staatsrechtpraktijk.nl
		// "Nieuwjaarsdag en Kerstmis in het staatsrecht" (2018).
		{"cooling-off before christmas", Term{Start: day(t, "2017-12-19"), Days: 3}, "2017-12-22"},
		{"cooling-off over christmas", Term{Start: day(t, "2017-12-20"), Days: 3}, "2017-12-27"},
		// 18 December + 14 = Thursday 1 January 2026; Friday 2 January is equated: Monday 5 January.
		{"ends on new year", Term{Start: day(t, "2025-12-18"), Days: 14}, "2026-01-05"},
	}
	for _, tt := range tests {
		got, err := tt.term.End()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got.Format(time.DateOnly) != tt.want {
			t.Errorf("%s: End = %s, want %s", tt.name, got.Format(time.DateOnly), tt.want)
		}
	}
}

func TestTermEndRejects(t *testing.T) {
	received := day(t, "2025-03-03")
	tests := map[string]Term{
		"no start":           {Weeks: 8},
		"zero length":        {Start: received},
		"negative days":      {Start: received, Days: -1, Weeks: 8},
		"negative extension": {Start: received, Weeks: 8, ExtensionDays: -3},
		"absurd":             {Start: received, Weeks: 10_000},
		"suspension backwards": {Start: received, Weeks: 8, Suspensions: []Suspension{
			{day(t, "2025-03-10"), day(t, "2025-03-01")}}},
	}
	for name, term := range tests {
		if _, err := term.End(); !errors.Is(err, ErrInvalidTerm) {
			t.Errorf("%s: err = %v, want ErrInvalidTerm", name, err)
		}
	}
}

// TestTermAlwaysEndsOnWorkingDay sweeps every start day of several years for both kinds of term.
func TestTermAlwaysEndsOnWorkingDay(t *testing.T) {
	for d := day(t, "2024-01-01"); d.Year() < 2032; d = d.AddDate(0, 0, 1) {
		for _, term := range []Term{{Start: d, Weeks: 6}, {Start: d, Days: 3}, {Start: d, Days: 1}} {
			end, err := term.End()
			if err != nil {
				t.Fatal(err)
			}
			naive := d.AddDate(0, 0, term.Days+7*term.Weeks)
			if !IsTermDay(end) || end.Before(naive) || end.Sub(naive) > 9*24*time.Hour {
				t.Fatalf("%+v: end %s, naive %s", term, end.Format(time.DateOnly), naive.Format(time.DateOnly))
			}
		}
	}
}
