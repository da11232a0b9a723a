package calendar

import "sync"

// yearHolidays remembers Holidays per year for the clocks: a service-level count walks the opening hours of
// a million conversations, and computing Easter for every walk was most of its time.
var yearHolidays sync.Map // int -> []Holiday, never modified once stored

// holidaysOf is Holidays(year), computed once per year; callers must not modify the slice.
func holidaysOf(year int) []Holiday {
	if v, ok := yearHolidays.Load(year); ok {
		return v.([]Holiday)
	}
	v, _ := yearHolidays.LoadOrStore(year, Holidays(year))
	return v.([]Holiday)
}
