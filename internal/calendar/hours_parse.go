package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidHours is wrapped by every error from ParseHours.
var ErrInvalidHours = errors.New("calendar: invalid opening hours")

// dayNames are the Dutch weekday abbreviations in Monday-first order, as people write them.
var dayNames = [7]string{"ma", "di", "wo", "do", "vr", "za", "zo"}

// ParseHours reads an opening-hours schedule such as
//
//	ma-vr 08:30-17:00; do 18:00-20:00
//
// Clauses are separated by ";". Each clause names days, then times:
//   - days: a Dutch abbreviation (ma di wo do vr za zo), a range "ma-vr" running Monday to
//     Sunday, or a comma list of both ("ma,wo,vr-za");
//   - times: one or more "HH:MM-HH:MM" ranges separated by commas; 24:00 may close a day.
//
// Clauses add up, so "do 18:00-20:00" adds a Thursday evening to "ma-vr 08:30-17:00". Case and
// spaces do not matter, and an en dash may stand for the hyphen. Overlapping times on one day,
// empty clauses and a schedule that is never open are errors. The result closes on public
// holidays; set ClosedDays or OpenOnGoodFriday on it afterwards. The word "altijd" is a service that never
// closes, holidays included (AlwaysOpen).
func ParseHours(s string) (Hours, error) {
	var h Hours
	if len(s) > 4096 {
		return h, fmt.Errorf("%w: longer than 4096 bytes", ErrInvalidHours)
	}
	s = strings.ToLower(strings.ReplaceAll(s, "–", "-"))
	if strings.TrimSpace(s) == always {
		return AlwaysOpen(), nil
	}
	for i, clause := range strings.Split(s, ";") {
		if strings.TrimSpace(clause) == "" {
			continue // allows a trailing ";"
		}
		if err := h.addClause(clause); err != nil {
			return Hours{}, fmt.Errorf("%w: clause %d %q: %v", ErrInvalidHours, i+1, strings.TrimSpace(clause), err)
		}
	}
	for wd := range h.Week {
		if err := sortSpans(h.Week[wd]); err != nil {
			return Hours{}, fmt.Errorf("%w: %s: %v", ErrInvalidHours, dayNames[(wd+6)%7], err)
		}
	}
	if h.isNeverOpen() {
		return Hours{}, fmt.Errorf("%w: no opening times", ErrInvalidHours)
	}
	return h, nil
}

// addClause parses "days times" and appends the spans to each named day.
func (h *Hours) addClause(clause string) error {
	cut := strings.IndexAny(clause, "0123456789")
	if cut < 0 {
		return errors.New("no times, want e.g. \"ma-vr 08:30-17:00\"")
	}
	days, err := parseDays(strings.Join(strings.Fields(clause[:cut]), ""))
	if err != nil {
		return err
	}
	spans, err := parseSpans(strings.Join(strings.Fields(clause[cut:]), ""))
	if err != nil {
		return err
	}
	for _, wd := range days {
		h.Week[wd] = append(h.Week[wd], spans...)
	}
	return nil
}

// parseDays reads "ma-vr,za" into weekdays.
func parseDays(s string) ([]time.Weekday, error) {
	if s == "" {
		return nil, errors.New("no days, want e.g. \"ma-vr\"")
	}
	var days []time.Weekday
	for item := range strings.SplitSeq(s, ",") {
		first, last, isRange := strings.Cut(item, "-")
		from, err := dayIndex(first)
		if err != nil {
			return nil, err
		}
		to := from
		if isRange {
			if to, err = dayIndex(last); err != nil {
				return nil, err
			}
			if to < from {
				return nil, fmt.Errorf("day range %q runs backwards; the week starts on ma", item)
			}
		}
		for i := from; i <= to; i++ {
			days = append(days, time.Weekday((i+1)%7))
		}
	}
	return days, nil
}

// dayIndex returns the Monday-first index of a Dutch abbreviation.
func dayIndex(s string) (int, error) {
	if i := slices.Index(dayNames[:], s); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("unknown day %q, want one of ma di wo do vr za zo", s)
}

// parseSpans reads "08:30-12:00,13:00-17:00".
func parseSpans(s string) ([]Span, error) {
	var spans []Span
	for item := range strings.SplitSeq(s, ",") {
		opens, shuts, ok := strings.Cut(item, "-")
		if !ok {
			return nil, fmt.Errorf("time range %q, want HH:MM-HH:MM", item)
		}
		from, err := parseClock(opens)
		if err != nil {
			return nil, err
		}
		to, err := parseClock(shuts)
		if err != nil {
			return nil, err
		}
		if from >= to {
			return nil, fmt.Errorf("time range %q closes before it opens", item)
		}
		spans = append(spans, Span{from, to})
	}
	return spans, nil
}

// parseClock reads "8:30" or "08:30" (up to 24:00) as an offset from midnight.
func parseClock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	if !ok || errH != nil || errM != nil || len(hh) > 2 || len(mm) != 2 || h < 0 || m < 0 || m > 59 ||
		h > 24 || (h == 24 && m > 0) {
		return 0, fmt.Errorf("time %q, want HH:MM between 00:00 and 24:00", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// sortSpans orders one day's spans and rejects overlaps, which would count time twice.
func sortSpans(spans []Span) error {
	slices.SortFunc(spans, func(a, b Span) int { return cmp.Compare(a.From, b.From) })
	for i := 1; i < len(spans); i++ {
		if spans[i].From < spans[i-1].To {
			return fmt.Errorf("times %s and %s overlap", spans[i-1], spans[i])
		}
	}
	return nil
}

func (h Hours) isNeverOpen() bool {
	for _, spans := range h.Week {
		if len(spans) > 0 {
			return false
		}
	}
	return true
}

// String renders the span as "HH:MM-HH:MM"; seconds are not shown.
func (s Span) String() string {
	return clock(s.From) + "-" + clock(s.To)
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// String renders the weekly schedule in the ParseHours syntax, grouping consecutive days with
// the same times, so that a parsed schedule can be shown and edited again.
func (h Hours) String() string {
	if h.OpenOnHolidays && h.equalWeek(AlwaysOpen()) {
		return always
	}
	var clauses []string
	for i := 0; i < 7; {
		spans := h.Week[(i+1)%7]
		j := i
		for j+1 < 7 && slices.Equal(h.Week[(j+2)%7], spans) {
			j++
		}
		if len(spans) > 0 {
			days := dayNames[i]
			if j > i {
				days += "-" + dayNames[j]
			}
			times := make([]string, len(spans))
			for k, s := range spans {
				times[k] = s.String()
			}
			clauses = append(clauses, days+" "+strings.Join(times, ","))
		}
		i = j + 1
	}
	return strings.Join(clauses, "; ")
}

// always is the schedule of a service that never closes, holidays included.
const always = "altijd"

func (h Hours) equalWeek(o Hours) bool {
	for wd := range h.Week {
		if !slices.Equal(h.Week[wd], o.Week[wd]) {
			return false
		}
	}
	return true
}
