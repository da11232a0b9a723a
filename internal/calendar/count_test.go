package calendar

import (
	"testing"
	"time"
)

// TestTermDaysBetween compares the constant-time count with counting day by day over every pair of
// days in 2025–2027 that are up to 100 days apart, and checks hand-counted examples.
func TestTermDaysBetween(t *testing.T) {
	// (Wed 1 Apr, Tue 28 Apr 2026]: weekdays Thu 2–Fri 3 (2), three full weeks (15), Mon 27–Tue 28 (2)
	// = 19, minus Goede Vrijdag 3, Tweede Paasdag 6 and Koningsdag 27 April: 16. Backwards it is -16.
	if got := TermDaysBetween(day(t, "2026-04-01"), day(t, "2026-04-28")); got != 16 {
		t.Errorf("1→28 April 2026: %d, want 16", got)
	}
	if got := TermDaysBetween(day(t, "2026-04-28"), day(t, "2026-04-01")); got != -16 {
		t.Errorf("28→1 April 2026: %d, want -16", got)
	}
	// (13 May, 18 May 2026]: Thu 14 Ascension, Fri 15 decree, weekend, Mon 18: 1.
	if got := TermDaysBetween(day(t, "2026-05-13"), day(t, "2026-05-18")); got != 1 {
		t.Errorf("13→18 May 2026: %d, want 1", got)
	}
	for a := day(t, "2025-01-01"); a.Year() < 2028; a = a.AddDate(0, 0, 3) {
		for n := 0; n <= 100; n += 7 {
			b := a.AddDate(0, 0, n)
			if got, want := TermDaysBetween(a, b), slowTermDays(a, b); got != want {
				t.Fatalf("%s→%s: %d, want %d", a.Format(time.DateOnly), b.Format(time.DateOnly), got, want)
			}
		}
	}
}
