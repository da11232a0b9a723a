package municipality

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"loket/internal/calendar"
)

var dayWords = [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// HoursText writes opening hours in plain Dutch for residents: "maandag tot en met vrijdag 8.30 tot 17.00
// uur; donderdag ook 18.00 tot 20.00 uur". Hours that do not parse are shown as they were typed (Validate
// refuses them, so that happens only for settings saved by an older version).
func HoursText(spec string) string {
	if text, ok := hoursTexts.Load(spec); ok { // every page's footer asks for the same few specs
		return text.(string)
	}
	text := hoursText(spec)
	if hoursTextCount.Add(1) <= maxHoursTexts { // settings hold a handful; bound what hostile input could add
		hoursTexts.Store(spec, text)
	}
	return text
}

// hoursTexts remembers HoursText's results (a pure function of the spec), at most maxHoursTexts of them.
var (
	hoursTexts     sync.Map
	hoursTextCount atomic.Int64
)

const maxHoursTexts = 256

func hoursText(spec string) string {
	if strings.TrimSpace(spec) == "" {
		return ""
	}
	h, err := calendar.ParseHours(spec)
	if err != nil {
		return spec
	}
	if h.OpenOnHolidays {
		return "dag en nacht, elke dag"
	}
	// Group consecutive days (Monday first) with the same times.
	type group struct {
		from, to int // 0 is Monday
		times    string
	}
	var groups []group
	for i := 0; i < 7; i++ {
		wd := (i + 1) % 7
		times := spansText(h.Week[wd])
		if times == "" {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1].to == i-1 && groups[n-1].times == times {
			groups[n-1].to = i
			continue
		}
		groups = append(groups, group{from: i, to: i, times: times})
	}
	var parts []string
	for _, g := range groups {
		days := dayWords[(g.from+1)%7]
		switch {
		case g.to == g.from+1:
			days += " en " + dayWords[(g.to+1)%7]
		case g.to > g.from:
			days += " tot en met " + dayWords[(g.to+1)%7]
		}
		parts = append(parts, days+" "+g.times)
	}
	return strings.Join(parts, "; ")
}

func spansText(spans []calendar.Span) string {
	var ts []string
	for _, s := range spans {
		ts = append(ts, clock(s.From)+" tot "+clock(s.To))
	}
	if len(ts) == 0 {
		return ""
	}
	return strings.Join(ts, " en ") + " uur"
}

// clock writes a time of day the Dutch way: 8.30, 17.00.
func clock(d time.Duration) string {
	m := int(d.Minutes())
	return fmt.Sprintf("%d.%02d", m/60, m%60)
}
