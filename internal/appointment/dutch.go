package appointment

import (
	"fmt"
	"time"

	"loket/internal/calendar"
)

var dayNames = [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

var monthNames = [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// DutchDate writes a date as "vrijdag 23 oktober 2026", in Amsterdam.
func DutchDate(t time.Time) string {
	t = t.In(calendar.Amsterdam)
	return fmt.Sprintf("%s %d %s %d", dayNames[t.Weekday()], t.Day(), monthNames[t.Month()-1], t.Year())
}

// DayName is the weekday of a date in Dutch: "vrijdag".
func DayName(t time.Time) string { return dayNames[t.In(calendar.Amsterdam).Weekday()] }

// Clock writes the time of day as "09:00", in Amsterdam.
func Clock(t time.Time) string { return t.In(calendar.Amsterdam).Format("15:04") }

// WeekdayName is a weekday in Dutch: "maandag".
func WeekdayName(d time.Weekday) string { return dayNames[d] }
