package calendar

import (
	"slices"
	"sync"
	"time"
)

// Holiday is one Dutch public holiday.
type Holiday struct {
	Date time.Time // civil date, midnight UTC
	Name string    // Dutch name, e.g. "Tweede Paasdag"
	// Official reports whether the day is an algemeen erkende feestdag for the Algemene
	// termijnenwet (art. 3 lid 1, and Goede Vrijdag through art. 3 lid 2). Eerste Paasdag
	// and Eerste Pinksterdag are not listed there because they always fall on a Sunday.
	Official bool
}

// Easter returns Easter Sunday of the given Gregorian year, computed with the anonymous
// Gregorian (Meeus/Jones/Butcher) algorithm.
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return civil(year, time.Month(month), day)
}

// Holidays returns the Dutch public holidays of year in date order. The current statutory
// list is applied to every year; only the monarch's day follows history (see monarchsDay),
// and Bevrijdingsdag is listed from 1945. Days equated with holidays by royal decree under
// ATW art. 3 lid 3 (such as the Friday after Ascension in some years) are not included.
func Holidays(year int) []Holiday {
	easter := Easter(year)
	days := []Holiday{
		{civil(year, time.January, 1), "Nieuwjaarsdag", true},
		{easter.AddDate(0, 0, -2), "Goede Vrijdag", true},
		{easter, "Eerste Paasdag", false},
		{easter.AddDate(0, 0, 1), "Tweede Paasdag", true},
		{easter.AddDate(0, 0, 39), "Hemelvaartsdag", true},
		{easter.AddDate(0, 0, 49), "Eerste Pinksterdag", false},
		{easter.AddDate(0, 0, 50), "Tweede Pinksterdag", true},
		{civil(year, time.December, 25), "Eerste Kerstdag", true},
		{civil(year, time.December, 26), "Tweede Kerstdag", true},
	}
	if md, name, ok := monarchsDay(year); ok {
		days = append(days, Holiday{md, name, true})
	}
	if year >= 1945 {
		days = append(days, Holiday{civil(year, time.May, 5), "Bevrijdingsdag", true})
	}
	slices.SortStableFunc(days, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return days
}

// monarchsDay returns the day the monarch's birthday is celebrated. Each reign had its own
// rule for a birthday on Sunday: Wilhelmina moved to Monday, Juliana to Monday, Beatrix and
// Willem-Alexander to the Saturday before.
func monarchsDay(year int) (time.Time, string, bool) {
	switch {
	case year >= 2014:
		return sundayShift(civil(year, time.April, 27), -1), "Koningsdag", true
	case year >= 1980:
		return sundayShift(civil(year, time.April, 30), -1), "Koninginnedag", true
	case year >= 1949:
		return sundayShift(civil(year, time.April, 30), +1), "Koninginnedag", true
	case year >= 1891:
		return sundayShift(civil(year, time.August, 31), +1), "Koninginnedag", true
	}
	return time.Time{}, "", false
}

// sundayShift moves d by shift days when it falls on a Sunday.
func sundayShift(d time.Time, shift int) time.Time {
	if d.Weekday() == time.Sunday {
		return d.AddDate(0, 0, shift)
	}
	return d
}

// HolidayOn returns the holiday that falls on d's calendar date (in d's own location).
func HolidayOn(d time.Time) (Holiday, bool) {
	day := dateOf(d)
	for _, h := range Holidays(day.Year()) {
		if h.Date.Equal(day) {
			return h, true
		}
	}
	return Holiday{}, false
}

// IsHoliday reports whether d's calendar date is an algemeen erkende feestdag in the sense of
// the Algemene termijnenwet (including Goede Vrijdag, ATW art. 3 lid 2).
func IsHoliday(d time.Time) bool {
	y, _, _ := d.Date()
	return officialDays(y)[d.YearDay()]
}

// yearDays marks days of one year by YearDay (1–366).
type yearDays [367]bool

var officialCache sync.Map // year → *yearDays

// officialDays returns the official holidays of year as a lookup table, computed once per year:
// terms and queues ask for every day between two dates.
func officialDays(year int) *yearDays {
	if v, ok := officialCache.Load(year); ok {
		return v.(*yearDays)
	}
	var days yearDays
	for _, h := range Holidays(year) {
		if h.Official {
			days[h.Date.YearDay()] = true
		}
	}
	v, _ := officialCache.LoadOrStore(year, &days)
	return v.(*yearDays)
}

// IsWorkingDay reports whether d's calendar date is neither a Saturday, a Sunday nor an
// algemeen erkende feestdag: the days on which a statutory term may end.
func IsWorkingDay(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !IsHoliday(d)
}

// civil returns the civil date y-m-d as midnight UTC.
func civil(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dateOf drops the clock time of t, keeping the calendar date as seen in t's location.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return civil(y, m, d)
}
