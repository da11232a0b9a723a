package calendar

import "time"

// decreeDays are the days equated with an algemeen erkende feestdag by royal decree under Algemene
// termijnenwet art. 3 lid 3 ("Besluit gelijkstelling van …"), published in the Staatscourant every
// few years. They count as holidays for statutory terms only, not for opening hours.
//
//   - Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025
//   - Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028
//
// Add the next decree's days here when it is published.
var decreeDays = []time.Time{
	civil(2023, time.April, 28), civil(2023, time.May, 19), civil(2024, time.May, 10),
	civil(2024, time.December, 27), civil(2025, time.May, 30),
	civil(2026, time.January, 2), civil(2026, time.May, 15), civil(2027, time.May, 7),
	civil(2028, time.April, 28), civil(2028, time.May, 26),
}

// decreeIndex holds decreeDays by year*1000 + YearDay, for a lookup without a scan.
var decreeIndex = func() map[int]bool {
	m := make(map[int]bool, len(decreeDays))
	for _, d := range decreeDays {
		m[d.Year()*1000+d.YearDay()] = true
	}
	return m
}()

// IsEquatedDay reports whether d's calendar date was equated with a holiday by royal decree (ATW art. 3 lid 3).
func IsEquatedDay(d time.Time) bool {
	y, _, _ := d.Date()
	return decreeIndex[y*1000+d.YearDay()]
}

// IsTermDay reports whether a statutory term may end on d: not a Saturday, Sunday, algemeen erkende
// feestdag (ATW art. 3 lid 1 and 2) or a day equated with one by decree (lid 3).
func IsTermDay(d time.Time) bool {
	return IsWorkingDay(d) && !IsEquatedDay(d)
}
