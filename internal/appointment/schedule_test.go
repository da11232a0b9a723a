package appointment

import (
	"strings"
	"testing"
	"time"

	"loket/internal/calendar"
)

// at is a wall-clock time in Amsterdam.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustHours(t *testing.T, s string) calendar.Hours {
	t.Helper()
	h, err := calendar.ParseHours(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func spans(t *testing.T, s string) []calendar.Span {
	return mustHours(t, "ma-zo "+s).Week[time.Monday]
}

// testSchedule: one location open weekday mornings 09:00-12:00, one desk, a 10-minute product, slots
// every 10 minutes, a 5-minute buffer, no minimum notice and nothing held back unless a test says so.
func testSchedule(t *testing.T) Schedule {
	r := DefaultRules()
	r.StepMinutes, r.BufferMinutes, r.MinNoticeMinutes, r.UrgentPercent = 10, 5, 0, 0
	return Schedule{
		Locations: []Location{{ID: "stadhuis", Name: "Stadhuis", HoursText: "ma-vr 09:00-12:00", Hours: mustHours(t, "ma-vr 09:00-12:00")}},
		Desks:     []Desk{{ID: 1, LocationID: "stadhuis", Name: "Balie 1", Products: []string{"paspoort", "identiteitskaart"}}},
		Products:  []Product{{ID: "paspoort", Title: "Paspoort", MinutesPerPerson: 10}, {ID: "identiteitskaart", Title: "ID-kaart", MinutesPerPerson: 10}},
		Rules:     r,
	}
}

func clocks(slots []Slot) string {
	var b []string
	for _, s := range slots {
		b = append(b, s.Start.In(calendar.Amsterdam).Format("01-02 15:04"))
	}
	return strings.Join(b, " ")
}

func TestDurationAddsProductsPerPerson(t *testing.T) {
	s := testSchedule(t)
	// Worked out by hand: passport 10 min x 4 persons = 40; passport + ID card (10 + 10) x 2 persons = 40.
	if got := s.Duration([]string{"paspoort"}, 4); got != 40*time.Minute {
		t.Errorf("4 passports: %v, want 40m", got)
	}
	if got := s.Duration([]string{"paspoort", "identiteitskaart"}, 2); got != 40*time.Minute {
		t.Errorf("passport and ID card for 2: %v, want 40m", got)
	}
}

func TestOpeningOnHolidaysAndExceptions(t *testing.T) {
	s := testSchedule(t)
	loc := s.Locations[0]
	loc.Days = []DayException{
		{Date: "2026-12-24", Closed: true},                   // a Thursday, closed by decision
		{Date: "2026-12-27", Spans: spans(t, "10:00-12:00")}, // a Sunday, extra opening
		{Date: "2027-04-27", Spans: spans(t, "09:00-10:00")}, // Koningsdag, opened on purpose
	}
	cases := []struct {
		date string
		want int // periods
	}{
		{"2026-12-23", 1}, // Wednesday: weekly hours
		{"2026-12-24", 0}, // extra closing day
		{"2026-12-25", 0}, // Eerste Kerstdag (calendar package)
		{"2026-12-26", 0}, // Saturday
		{"2026-12-27", 1}, // Sunday with an extra opening
		{"2027-01-01", 0}, // Nieuwjaarsdag, a Friday
		{"2027-04-27", 1}, // Koningsdag with an exception
		{"2027-05-06", 0}, // Hemelvaartsdag 2027 (Easter 28 March + 39 days), a Thursday
	}
	for _, c := range cases {
		d, _ := ParseDate(c.date)
		if got := len(loc.OpeningOn(d)); got != c.want {
			t.Errorf("%s: %d periods, want %d", c.date, got, c.want)
		}
	}
	p := loc.OpeningOn(at("2026-12-27 00:00"))[0]
	if !p.From.Equal(at("2026-12-27 10:00")) || !p.To.Equal(at("2026-12-27 12:00")) {
		t.Errorf("extra opening %v-%v", p.From, p.To)
	}
}

func TestSearchBusyBufferAndHeldBack(t *testing.T) {
	s := testSchedule(t)
	now := at("2026-11-30 08:00") // Monday morning
	day := SlotQuery{Products: []string{"paspoort"}, Persons: 1, Location: "stadhuis", From: at("2026-12-07 00:00"), To: at("2026-12-08 00:00")}
	// 09:00 to 11:50 every 10 minutes: 18 starts (the last one ends at 12:00).
	if got := len(s.Search(day, nil, now)); got != 18 {
		t.Fatalf("free day: %d slots, want 18: %s", got, clocks(s.Search(day, nil, now)))
	}
	// An appointment 09:20-09:30 plus its 5-minute buffer holds the desk until 09:35: a 10-minute
	// appointment at 09:10 would run into it, and 09:20 and 09:30 overlap it; 09:40 is free again.
	busy := []Busy{{ID: 7, DeskID: 1, From: at("2026-12-07 09:20"), To: at("2026-12-07 09:35")}}
	got := clocks(s.Search(day, busy, now))
	if strings.Contains(got, "09:10") || strings.Contains(got, "09:20") || strings.Contains(got, "09:30") || !strings.Contains(got, "09:40") {
		t.Errorf("with 09:20-09:35 busy: %s", got)
	}
	if n := len(s.Search(day, busy, now)); n != 15 {
		t.Errorf("with one appointment: %d slots, want 15", n)
	}
	// Ten percent of 180 opening minutes is 18, rounded down to whole 5-minute cells: 15 minutes
	// (11:45-12:00) held back. 11:40 (until 11:50) and 11:50 overlap it: 16 slots remain.
	s.Rules.UrgentPercent, s.Rules.UrgentReleaseDays = 10, 2
	if n := len(s.Search(day, nil, now)); n != 16 {
		t.Errorf("held back: %d slots, want 16: %s", n, clocks(s.Search(day, nil, now)))
	}
	urgent := day
	urgent.Urgent = true
	if n := len(s.Search(urgent, nil, now)); n != 18 {
		t.Errorf("urgent booking sees %d slots, want 18", n)
	}
	// Released two days before: from Saturday 5 December 00:00 on, everyone sees all 18.
	if n := len(s.Search(day, nil, at("2026-12-05 00:00"))); n != 18 {
		t.Errorf("after release: %d slots, want 18", n)
	}
	if n := len(s.Search(day, nil, at("2026-12-04 23:59"))); n != 16 {
		t.Errorf("a minute before release: %d slots, want 16", n)
	}
}

func TestSearchFamilyNeedsTheWholeTime(t *testing.T) {
	s := testSchedule(t)
	now := at("2026-11-30 08:00")
	q := SlotQuery{Products: []string{"paspoort"}, Persons: 4, Location: "stadhuis", From: at("2026-12-07 00:00"), To: at("2026-12-08 00:00")}
	// 40 minutes plus 5 buffer; busy 10:00-10:15. Before it a start must end (with buffer) by 10:00:
	// 09:00, 09:10 (09:55) fit, 09:20 (10:05) does not. After it 10:20 is the first. The last start that
	// ends by 12:00 is 11:20.
	busy := []Busy{{DeskID: 1, From: at("2026-12-07 10:00"), To: at("2026-12-07 10:15")}}
	want := "12-07 09:00 12-07 09:10 12-07 10:20 12-07 10:30 12-07 10:40 12-07 10:50 12-07 11:00 12-07 11:10 12-07 11:20"
	if got := clocks(s.Search(q, busy, now)); got != want {
		t.Errorf("family of four:\n got %s\nwant %s", got, want)
	}
}

func TestSearchAcrossDaylightSavingChanges(t *testing.T) {
	s := testSchedule(t)
	s.Rules.StepMinutes, s.Rules.BufferMinutes = 30, 0
	s.Products[0].MinutesPerPerson = 30
	loc := &s.Locations[0]
	// Extra openings in the night of the change, 01:00-04:00 wall clock, to see the hour appear and vanish.
	loc.Days = []DayException{{Date: "2026-10-25", Spans: spans(t, "01:00-04:00")}, {Date: "2027-03-28", Spans: spans(t, "01:00-04:00")}}
	q := SlotQuery{Products: []string{"paspoort"}, Persons: 1, Location: "stadhuis"}
	now := at("2026-10-01 08:00")

	// Sunday 25 October 2026, the last Sunday of October: 01:00 CEST (23:00 UTC the day before) to 04:00 CET
	// (03:00 UTC) is four real hours, so eight half-hour slots, 02:00 and 02:30 twice (first CEST, then CET).
	q.From, q.To = at("2026-10-25 00:00"), at("2026-10-26 00:00")
	got := s.Search(q, nil, now)
	var u []string
	for _, sl := range got {
		u = append(u, sl.Start.UTC().Format("15:04"))
	}
	if want := "23:00 23:30 00:00 00:30 01:00 01:30 02:00 02:30"; strings.Join(u, " ") != want {
		t.Errorf("25 Oct UTC starts %s, want %s", strings.Join(u, " "), want)
	}
	if want := "10-25 01:00 10-25 01:30 10-25 02:00 10-25 02:30 10-25 02:00 10-25 02:30 10-25 03:00 10-25 03:30"; clocks(got) != want {
		t.Errorf("25 Oct local %s", clocks(got))
	}
	// The Friday before and the Monday after: 09:00 local is 07:00 UTC in summer time, 08:00 UTC in winter time.
	q.From, q.To = at("2026-10-23 00:00"), at("2026-10-27 00:00")
	got = s.Search(q, nil, now)
	if !got[0].Start.Equal(utc("2026-10-23 07:00")) {
		t.Errorf("Friday first slot %v, want 07:00 UTC", got[0].Start.UTC())
	}
	var monday Slot
	for _, sl := range got {
		if sl.Start.In(calendar.Amsterdam).Weekday() == time.Monday {
			monday = sl
			break
		}
	}
	if !monday.Start.Equal(utc("2026-10-26 08:00")) || !monday.End.Equal(utc("2026-10-26 08:30")) {
		t.Errorf("Monday first slot %v-%v, want 08:00-08:30 UTC", monday.Start.UTC(), monday.End.UTC())
	}

	// Sunday 28 March 2027, the last Sunday of March: 01:00 CET (00:00 UTC) to 04:00 CEST (02:00 UTC) is two
	// real hours; 02:00-03:00 does not exist, so the starts are 01:00, 01:30, 03:00 and 03:30 local.
	q.From, q.To = at("2027-03-28 00:00"), at("2027-03-29 00:00")
	got = s.Search(q, nil, at("2027-03-01 08:00"))
	if want := "03-28 01:00 03-28 01:30 03-28 03:00 03-28 03:30"; clocks(got) != want {
		t.Errorf("28 March local %s, want %s", clocks(got), want)
	}
}

func TestSearchWindowNoticeAndHorizon(t *testing.T) {
	s := testSchedule(t)
	s.Rules.MinNoticeMinutes, s.Rules.HorizonDays = 60, 7
	now := at("2026-12-07 09:05") // Monday
	q := SlotQuery{Products: []string{"paspoort"}, Persons: 1, Location: "stadhuis", From: now.Add(-48 * time.Hour), To: now.AddDate(0, 1, 0)}
	got := s.Search(q, nil, now)
	// First start at least 60 minutes on: 10:10. Last bookable day: today + 7 = Monday 14 December.
	if !got[0].Start.Equal(at("2026-12-07 10:10")) {
		t.Errorf("first slot %v, want 10:10", got[0].Start)
	}
	if last := got[len(got)-1].Start; !last.Equal(at("2026-12-14 11:50")) {
		t.Errorf("last slot %v, want 14 December 11:50", last)
	}
}

func TestOnGrid(t *testing.T) {
	good, bad := mustHours(t, "ma-vr 08:30-17:00; do 18:05-20:00"), mustHours(t, "ma 09:03-12:00")
	if !onGrid(good.Week[:]...) {
		t.Error("08:30, 17:00, 18:05 and 20:00 are on the 5-minute grid")
	}
	if onGrid(bad.Week[:]...) {
		t.Error("09:03 is off the grid: 09:03-09:13 and 09:13-09:23 would share the cell from 09:10")
	}
}
