package console

import (
	"reflect"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/insight"
)

// Presets worked out by hand from the calendar: on Friday 4 December 2026 "last month" is November,
// "this year" starts on 1 January and "the last 12 months" start on 5 December 2025. On 15 January 2027
// last month is December 2026; on 31 March, last month ends on 28 February.
func TestPeriodPresets(t *testing.T) {
	for now, want := range map[time.Time][]string{
		time.Date(2026, 12, 4, 23, 30, 0, 0, calendar.Amsterdam): {"2026-12-01 2026-12-04", "2026-11-01 2026-11-30", "2026-01-01 2026-12-04", "2025-12-05 2026-12-04"},
		time.Date(2027, 1, 15, 9, 0, 0, 0, calendar.Amsterdam):   {"2027-01-01 2027-01-15", "2026-12-01 2026-12-31", "2027-01-01 2027-01-15", "2026-01-16 2027-01-15"},
		time.Date(2027, 3, 31, 9, 0, 0, 0, calendar.Amsterdam):   {"2027-03-01 2027-03-31", "2027-02-01 2027-02-28", "2027-01-01 2027-03-31", "2026-04-01 2027-03-31"},
		// 23:30 UTC on 31 December is already 1 January in the Netherlands.
		time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC): {"2027-01-01 2027-01-01", "2026-12-01 2026-12-31", "2027-01-01 2027-01-01", "2026-01-02 2027-01-01"},
	} {
		var got []string
		for _, p := range periodPresets(now) {
			got = append(got, p.from+" "+p.to)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("presets on %v: %v, want %v", now, got, want)
		}
	}
	names := []string{}
	for _, p := range periodPresets(time.Now()) {
		names = append(names, p.Label)
	}
	if !reflect.DeepEqual(names, []string{"Deze maand", "Vorige maand", "Dit jaar", "Laatste 12 maanden"}) {
		t.Errorf("preset names %v", names)
	}
}

func TestPartialMonthsAreMarked(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		labels   []string
		want     []string
	}{
		{"2026-11-15", "2026-12-04", []string{"2026-11", "2026-12"}, []string{"2026-11 (deels)", "2026-12 (deels)"}},
		{"2026-11-01", "2026-11-30", []string{"2026-11"}, []string{"2026-11"}},
		{"2025-12-05", "2026-12-04", []string{"2025-12", "2026-06", "2026-12"}, []string{"2025-12 (deels)", "2026-06", "2026-12 (deels)"}},
		{"2026-01-01", "2026-12-31", []string{"2026-01", "2026-12"}, []string{"2026-01", "2026-12"}},
		// A month without figures at the end is not there to mark.
		{"2026-01-01", "2026-12-04", []string{"2026-01", "2026-11"}, []string{"2026-01", "2026-11"}},
	} {
		c := chart{Labels: append([]string(nil), tc.labels...)}
		markPartialMonths(&c, insight.Period{From: tc.from, To: tc.to})
		if !reflect.DeepEqual(c.Labels, tc.want) {
			t.Errorf("%s to %s: %v, want %v", tc.from, tc.to, c.Labels, tc.want)
		}
	}
}
