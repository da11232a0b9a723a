package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

func mustHours(t testing.TB, s string) Hours {
	t.Helper()
	h, err := ParseHours(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestOpen(t *testing.T) {
	def := DefaultHours()
	goodFriday := DefaultHours()
	goodFriday.OpenOnGoodFriday = true
	evening := mustHours(t, "ma-vr 08:30-17:00; do 18:00-20:00")
	extra := DefaultHours()
	extra.ClosedDays = []time.Time{day(t, "2025-05-30")}
	tests := []struct {
		name string
		h    Hours
		at   string
		want bool
	}{
		{"before opening", def, "2025-03-03 08:29", false},
		{"at opening", def, "2025-03-03 08:30", true},
		{"last minute", def, "2025-03-03 16:59", true},
		{"at closing", def, "2025-03-03 17:00", false},
		{"saturday", def, "2025-03-08 10:00", false},
		{"koningsdag monday", def, "2026-04-27 10:00", false},
		{"goede vrijdag closed", def, "2025-04-18 10:00", false},
		{"goede vrijdag open", goodFriday, "2025-04-18 10:00", true},
		{"tweede paasdag stays closed", goodFriday, "2025-04-21 10:00", false},
		{"thursday evening", evening, "2025-03-06 19:00", true},
		{"between thursday spans", evening, "2025-03-06 17:30", false},
		{"wednesday evening", evening, "2025-03-05 19:00", false},
		{"extra closing day", extra, "2025-05-30 10:00", false},
		{"after daylight saving", def, "2025-03-31 08:30", true},
	}
	for _, tt := range tests {
		if got := tt.h.Open(at(t, tt.at)); got != tt.want {
			t.Errorf("%s: Open(%s) = %v, want %v", tt.name, tt.at, got, tt.want)
		}
	}
	if (Hours{}).Open(at(t, "2025-03-03 10:00")) {
		t.Error("zero Hours is open")
	}
}

func TestNextOpen(t *testing.T) {
	goodFriday := DefaultHours()
	goodFriday.OpenOnGoodFriday = true
	tests := []struct {
		name     string
		h        Hours
		from, to string
	}{
		{"already open", DefaultHours(), "2025-03-03 10:15", "2025-03-03 10:15"},
		{"early morning", DefaultHours(), "2025-03-03 06:00", "2025-03-03 08:30"},
		{"friday evening", DefaultHours(), "2025-03-07 17:00", "2025-03-10 08:30"},
		{"easter weekend", DefaultHours(), "2025-04-17 17:00", "2025-04-22 08:30"},
		{"open on good friday", goodFriday, "2025-04-17 17:00", "2025-04-18 08:30"},
		{"christmas", DefaultHours(), "2025-12-24 17:00", "2025-12-29 08:30"},
		{"new year", DefaultHours(), "2025-12-31 18:00", "2026-01-02 08:30"},
	}
	for _, tt := range tests {
		if got, want := tt.h.NextOpen(at(t, tt.from)), at(t, tt.to); !got.Equal(want) {
			t.Errorf("%s: NextOpen(%s) = %s, want %s", tt.name, tt.from, got, want)
		}
	}
	if got := (Hours{}).NextOpen(at(t, "2025-03-03 10:00")); !got.IsZero() {
		t.Errorf("zero Hours opens at %s", got)
	}
}

func TestAddBusinessDuration(t *testing.T) {
	evening := mustHours(t, "ma-vr 08:30-17:00; do 18:00-20:00")
	tests := []struct {
		name  string
		h     Hours
		start string
		d     time.Duration
		want  string
	}{
		{"same day", DefaultHours(), "2025-03-03 09:00", 2 * time.Hour, "2025-03-03 11:00"},
		{"ends at closing", DefaultHours(), "2025-03-03 08:30", 8*time.Hour + 30*time.Minute, "2025-03-03 17:00"},
		{"over night", DefaultHours(), "2025-03-03 16:00", 2 * time.Hour, "2025-03-04 09:30"},
		{"over weekend", DefaultHours(), "2025-03-07 16:00", 2 * time.Hour, "2025-03-10 09:30"},
		{"starts on saturday", DefaultHours(), "2025-03-08 11:00", time.Hour, "2025-03-10 09:30"},
		{"over christmas", DefaultHours(), "2025-12-24 16:00", 2 * time.Hour, "2025-12-29 09:30"},
		{"over new year", DefaultHours(), "2025-12-31 16:30", time.Hour, "2026-01-02 09:00"},
		{"over easter", DefaultHours(), "2025-04-17 16:00", 3 * time.Hour, "2025-04-22 10:30"},
		{"three working days", DefaultHours(), "2025-03-05 12:00", 3 * (8*time.Hour + 30*time.Minute), "2025-03-10 12:00"},
		{"thursday evening counts", evening, "2025-03-06 16:00", 2 * time.Hour, "2025-03-06 19:00"},
		{"spring forward weekend", DefaultHours(), "2025-03-28 16:00", 2 * time.Hour, "2025-03-31 09:30"},
		{"fall back weekend", DefaultHours(), "2025-10-24 16:00", 2 * time.Hour, "2025-10-27 09:30"},
		{"zero", DefaultHours(), "2025-03-08 11:00", 0, "2025-03-08 11:00"},
	}
	for _, tt := range tests {
		if got, want := tt.h.AddBusinessDuration(at(t, tt.start), tt.d), at(t, tt.want); !got.Equal(want) {
			t.Errorf("%s: AddBusinessDuration(%s, %s) = %s, want %s", tt.name, tt.start, tt.d, got, want)
		}
	}
}

func TestBusinessDuration(t *testing.T) {
	always := mustHours(t, "ma-zo 00:00-24:00")
	evening := mustHours(t, "ma-vr 08:30-17:00; do 18:00-20:00")
	tests := []struct {
		name     string
		h        Hours
		from, to string
		want     time.Duration
	}{
		{"within a day", DefaultHours(), "2025-03-03 09:00", "2025-03-03 10:30", 90 * time.Minute},
		{"from before opening", DefaultHours(), "2025-03-03 07:00", "2025-03-03 09:00", 30 * time.Minute},
		{"over weekend", DefaultHours(), "2025-03-07 16:00", "2025-03-10 10:00", 150 * time.Minute},
		{"over easter", DefaultHours(), "2025-04-17 16:00", "2025-04-22 09:30", 2 * time.Hour},
		{"thursday evening", evening, "2025-03-06 16:00", "2025-03-07 09:00", 210 * time.Minute},
		{"whole week", DefaultHours(), "2025-03-03 00:00", "2025-03-10 00:00", 5 * (8*time.Hour + 30*time.Minute)},
		{"reversed", DefaultHours(), "2025-03-04 10:00", "2025-03-03 10:00", 0},
		{"reversed within a day", DefaultHours(), "2025-03-04 10:00", "2025-03-04 09:00", 0},
		{"short DST day", always, "2025-03-30 00:00", "2025-03-31 00:00", 23 * time.Hour},
		{"long DST day", always, "2025-10-26 00:00", "2025-10-27 00:00", 25 * time.Hour},
		{"holiday in 24/7", always, "2025-12-25 00:00", "2025-12-27 00:00", 0},
	}
	for _, tt := range tests {
		if got := tt.h.BusinessDuration(at(t, tt.from), at(t, tt.to)); got != tt.want {
			t.Errorf("%s: BusinessDuration = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestLongClocks checks clocks longer than the three-year idle limit, counting the expected
// opening days one by one.
func TestLongClocks(t *testing.T) {
	open := 0
	for d := day(t, "2020-01-01"); d.Year() < 2030; d = d.AddDate(0, 0, 1) {
		if _, hol := HolidayOn(d); !hol && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			open++
		}
	}
	workDay := 8*time.Hour + 30*time.Minute
	from, to := at(t, "2020-01-01 00:00"), at(t, "2030-01-01 00:00")
	if got := DefaultHours().BusinessDuration(from, to); got != time.Duration(open)*workDay {
		t.Errorf("ten years = %s, want %d days of %s", got, open, workDay)
	}
	if got := DefaultHours().AddBusinessDuration(from, time.Duration(open)*workDay); !got.Equal(at(t, "2029-12-31 17:00")) {
		t.Errorf("ten years from 2020 due %s, want 2029-12-31 17:00", got)
	}
}

// TestAddThenMeasure checks that the two clock functions agree on arbitrary starts, which a
// hand-picked table cannot cover.
func TestAddThenMeasure(t *testing.T) {
	h := mustHours(t, "ma-vr 08:30-12:00,13:00-17:00; do 18:00-20:00; za 10:00-12:00")
	rng := rand.New(rand.NewPCG(1, 2))
	base := at(t, "2024-12-01 00:00")
	for range 2000 {
		start := base.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
		d := time.Duration(rng.Int64N(int64(60 * time.Hour)))
		due := h.AddBusinessDuration(start, d)
		if got := h.BusinessDuration(start, due); got != d {
			t.Fatalf("start %s + %s = %s, measured back %s", start, d, due, got)
		}
		if d > 0 && !h.Open(due.Add(-time.Nanosecond)) {
			t.Fatalf("start %s + %s due %s just after a closed moment", start, d, due)
		}
	}
}

func BenchmarkAddBusinessDuration(b *testing.B) {
	h := DefaultHours()
	start := at(b, "2025-12-19 15:00")
	for b.Loop() {
		h.AddBusinessDuration(start, 40*time.Hour)
	}
}

func TestAlwaysOpenIsOpenOnHolidaysAndParses(t *testing.T) {
	h, err := ParseHours(" Altijd ")
	if err != nil {
		t.Fatal(err)
	}
	christmas := time.Date(2026, 12, 25, 3, 0, 0, 0, Amsterdam)
	if !h.Open(christmas) || DefaultHours().Open(christmas) {
		t.Fatal("altijd must be open at night on Christmas Day, the default hours not")
	}
	if got := h.BusinessDuration(christmas, christmas.Add(2*time.Hour)); got != 2*time.Hour {
		t.Fatalf("business time on a holiday: %v, want 2h", got)
	}
	if h.String() != "altijd" {
		t.Fatalf("String() = %q", h.String())
	}
	week, err := ParseHours("ma-zo 00:00-24:00")
	if err != nil || week.Open(christmas) {
		t.Fatalf("a full week without the word altijd still closes on holidays: %v", err)
	}
}
