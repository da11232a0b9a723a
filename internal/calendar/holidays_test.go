package calendar

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	tests := map[int]string{
		1900: "1900-04-15",
		1913: "1913-03-23",
		2000: "2000-04-23",
		2008: "2008-03-23",
		2024: "2024-03-31",
		2025: "2025-04-20",
		2026: "2026-04-05",
		2038: "2038-04-25",
	}
	for year, want := range tests {
		if got := Easter(year).Format(time.DateOnly); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestHolidaysByYear(t *testing.T) {
	tests := []struct {
		year int
		name string
		want string
	}{
		{2024, "Goede Vrijdag", "2024-03-29"},
		{2024, "Tweede Paasdag", "2024-04-01"},
		{2024, "Hemelvaartsdag", "2024-05-09"},
		{2024, "Tweede Pinksterdag", "2024-05-20"},
		{2025, "Koningsdag", "2025-04-26"}, // 27 April 2025 is a Sunday
		{2025, "Hemelvaartsdag", "2025-05-29"},
		{2025, "Eerste Pinksterdag", "2025-06-08"},
		{2026, "Koningsdag", "2026-04-27"},
		{2026, "Tweede Paasdag", "2026-04-06"},
		{2031, "Koningsdag", "2031-04-26"}, // Sunday again
		{2014, "Koningsdag", "2014-04-26"},
		{2006, "Koninginnedag", "2006-04-29"}, // Beatrix: Saturday before
		{1950, "Koninginnedag", "1950-05-01"}, // Juliana: Monday after
		{2013, "Koninginnedag", "2013-04-30"},
		{2200, "Nieuwjaarsdag", "2200-01-01"},
	}
	for _, tt := range tests {
		got := ""
		for _, h := range Holidays(tt.year) {
			if h.Name == tt.name {
				got = h.Date.Format(time.DateOnly)
			}
		}
		if got != tt.want {
			t.Errorf("%s %d = %q, want %s", tt.name, tt.year, got, tt.want)
		}
	}
}

func TestHolidaysCoverRange(t *testing.T) {
	for year := 1900; year <= 2200; year++ {
		hs := Holidays(year)
		want := 10 // nine fixed and Easter-based days plus the monarch's day
		if year >= 1945 {
			want++
		}
		if len(hs) != want {
			t.Fatalf("%d: %d holidays, want %d", year, len(hs), want)
		}
		e := Easter(year)
		if e.Weekday() != time.Sunday || e.Before(civil(year, 3, 22)) || e.After(civil(year, 4, 25)) {
			t.Fatalf("%d: Easter %s is not a Sunday between 22 March and 25 April", year, e)
		}
		for i, h := range hs {
			if h.Date.Year() != year || (i > 0 && h.Date.Before(hs[i-1].Date)) {
				t.Fatalf("%d: holidays out of order or year: %v", year, hs)
			}
			if h.Official && (h.Name == "Koningsdag" || h.Name == "Koninginnedag") && h.Date.Weekday() == time.Sunday {
				t.Fatalf("%d: monarch's day on a Sunday", year)
			}
		}
	}
}

func TestIsHolidayAndWorkingDay(t *testing.T) {
	tests := []struct {
		date             string
		holiday, working bool
	}{
		{"2025-01-01", true, false},
		{"2025-04-18", true, false},  // Goede Vrijdag counts for the ATW (art. 3 lid 2)
		{"2025-04-20", false, false}, // Eerste Paasdag: a Sunday, not listed in the ATW
		{"2025-04-21", true, false},
		{"2025-04-26", true, false}, // Koningsdag on Saturday
		{"2025-04-28", false, true},
		{"2025-05-05", true, false},
		{"2025-05-30", false, true}, // Friday after Ascension: only by royal decree
		{"2025-12-24", false, true},
		{"2025-12-25", true, false},
		{"2025-12-26", true, false},
		{"2025-12-27", false, false},
	}
	for _, tt := range tests {
		d := day(t, tt.date)
		if got := IsHoliday(d); got != tt.holiday {
			t.Errorf("IsHoliday(%s) = %v, want %v", tt.date, got, tt.holiday)
		}
		if got := IsWorkingDay(d); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.working)
		}
	}
}

func TestIsHolidayUsesLocalDate(t *testing.T) {
	// 00:30 on 1 January in Amsterdam is still 31 December in UTC; the date must be read in
	// the caller's location, not converted.
	newYearsEve := time.Date(2025, 12, 31, 23, 30, 0, 0, Amsterdam)
	if IsHoliday(newYearsEve) {
		t.Error("31 December 23:30 counted as a holiday")
	}
	if !IsHoliday(time.Date(2026, 1, 1, 0, 30, 0, 0, Amsterdam)) {
		t.Error("1 January 00:30 Amsterdam not a holiday")
	}
}
