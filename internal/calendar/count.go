package calendar

import (
	"slices"
	"sync"
	"time"
)

// base is day 0 of the day numbers below, a Monday.
var base = civil(1900, time.January, 1)

func dayNumber(d time.Time) int { return int(dateOf(d).Sub(base).Hours()) / 24 }

// weekdaysThrough counts the Mondays to Fridays among day numbers 0 … n.
func weekdaysThrough(n int) int {
	if n < 0 {
		return 0
	}
	return 5*((n+1)/7) + min((n+1)%7, 5)
}

var (
	offOnce     sync.Once
	offWeekdays []int // sorted day numbers of holidays and decree days that fall on a weekday
)

func termOffWeekdays() []int {
	offOnce.Do(func() {
		for y := 1900; y <= 2200; y++ {
			for _, h := range Holidays(y) {
				if wd := h.Date.Weekday(); h.Official && wd != time.Saturday && wd != time.Sunday {
					offWeekdays = append(offWeekdays, dayNumber(h.Date))
				}
			}
		}
		for _, d := range decreeDays {
			offWeekdays = append(offWeekdays, dayNumber(d))
		}
		slices.Sort(offWeekdays)
		offWeekdays = slices.Compact(offWeekdays)
	})
	return offWeekdays
}

// TermDaysBetween counts the days in (from, to] on which a statutory term may end (IsTermDay), or
// minus those in (to, from] when to is earlier. It takes constant time for dates from 1900 to 2200,
// so a queue of thousands of requests can show the working days left of each.
func TermDaysBetween(from, to time.Time) int {
	a, b := dayNumber(from), dayNumber(to)
	sign := 1
	if b < a {
		a, b, sign = b, a, -1
	}
	if a < 0 || b > dayNumber(civil(2200, time.December, 31)) {
		return sign * slowTermDays(dateOf(from), dateOf(to))
	}
	off := termOffWeekdays()
	lo, _ := slices.BinarySearch(off, a+1)
	hi, _ := slices.BinarySearch(off, b+1)
	return sign * (weekdaysThrough(b) - weekdaysThrough(a) - (hi - lo))
}

func slowTermDays(from, to time.Time) int {
	if to.Before(from) {
		return -slowTermDays(to, from)
	}
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if IsTermDay(d) {
			n++
		}
	}
	return n
}
