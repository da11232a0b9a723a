package request

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// QueueSection is one list of the case handlers' queue; its value is the id of the list on the page.
type QueueSection string

// The sections of the queue, in the order the page shows them.
const (
	SectionLate   QueueSection = "te-laat"      // the term passed without a decision
	SectionUrgent QueueSection = "spoed"        // a related date comes before the deadline or the hearing
	SectionOpen   QueueSection = "werkvoorraad" // the rest
)

// QueueSections lists the sections in the order the page shows them.
var QueueSections = []QueueSection{SectionLate, SectionUrgent, SectionOpen}

// SectionOf places a term in the queue: late first, then urgent, then the rest.
func SectionOf(d Deadline) QueueSection {
	switch {
	case d.Overdue:
		return SectionLate
	case d.Urgent:
		return SectionUrgent
	}
	return SectionOpen
}

// QueueKey is a request's place in the queue: nearest deadline first, then the oldest request.
type QueueKey struct {
	ID  int64
	Due time.Time
}

func compareKeys(a, b QueueKey) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID)) }

// QueuePageSize is how many requests one page of a section shows.
const QueuePageSize = 50

// QueuePage is one page of a section: the cases at Offset … Offset+len(Cases) of Total.
type QueuePage struct {
	Section QueueSection
	Cases   []Case
	Offset  int
	Limit   int
	Total   int
}

// First is the number of the first case on the page, counting from 1; 0 when the page is empty.
func (p QueuePage) First() int {
	if len(p.Cases) == 0 {
		return 0
	}
	return p.Offset + 1
}

// Last is the number of the last case on the page.
func (p QueuePage) Last() int { return p.Offset + len(p.Cases) }

// HasPrevious reports whether cases come before this page.
func (p QueuePage) HasPrevious() bool { return p.Offset > 0 }

// HasNext reports whether cases come after this page.
func (p QueuePage) HasNext() bool { return p.Offset+len(p.Cases) < p.Total }

// PreviousOffset is where the page before this one starts.
func (p QueuePage) PreviousOffset() int { return max(0, p.Offset-p.Limit) }

// NextOffset is where the page after this one starts.
func (p QueuePage) NextOffset() int { return p.Offset + p.Limit }

// QueueView is the queue as the case handler sees it: one page of every section, with its count.
type QueueView struct {
	Pages map[QueueSection]QueuePage
}

// Count is the number of open requests in a section.
func (v QueueView) Count(s QueueSection) int { return v.Pages[s].Total }

// QueueView lists one page of every section, each nearest derived deadline first; offsets says where each
// section's page starts (missing: at the start), limit how many a page holds (0: QueuePageSize).
//
// The SQL does the work for terms that do not move (every request without an open request for
// information): their deadline and urgency are kept as TermFacts, so counting, filtering, sorting and
// paging follow an index and read only the page. The terms that move with the date (a suspension counts
// until today) are derived now from their small term part, then merged in. Only the page's requests are
// read in full and shown with DeadlineFor, as every screen shows them.
func (s *Service) QueueView(ctx context.Context, f QueueFilter, offsets map[QueueSection]int, limit int) (QueueView, error) {
	if limit <= 0 {
		limit = QueuePageSize
	}
	now := s.now()
	today := civilDate(now)
	counts, err := s.Store.RequestQueueCounts(ctx, f, today)
	if err != nil {
		return QueueView{}, err
	}
	moving, err := s.movingKeys(ctx, f, now)
	if err != nil {
		return QueueView{}, err
	}
	v := QueueView{Pages: map[QueueSection]QueuePage{}}
	for _, sec := range QueueSections {
		total := counts[sec] + len(moving[sec])
		off := max(0, offsets[sec])
		if off >= total { // a page past the end (the list got shorter): show the last page
			off = max(0, (total-1)/limit*limit)
		}
		page, err := s.queuePage(ctx, f, sec, today, moving[sec], off, limit)
		if err != nil {
			return QueueView{}, err
		}
		page.Total = total
		v.Pages[sec] = page
	}
	return v, nil
}

// movingKeys derives the terms that move with the date and sorts them into their sections.
func (s *Service) movingKeys(ctx context.Context, f QueueFilter, now time.Time) (map[QueueSection][]QueueKey, error) {
	list, err := s.Store.RequestQueueMoving(ctx, f)
	if err != nil {
		return nil, err
	}
	out := map[QueueSection][]QueueKey{}
	for _, r := range list {
		d, err := DeadlineFor(r, now)
		if err != nil {
			return nil, err
		}
		sec := SectionOf(d)
		out[sec] = append(out[sec], QueueKey{ID: r.ID, Due: d.Due})
	}
	for _, keys := range out {
		slices.SortFunc(keys, compareKeys)
	}
	return out, nil
}

// queuePage merges the first off+limit fixed keys of a section with its moving ones and reads the page.
func (s *Service) queuePage(ctx context.Context, f QueueFilter, sec QueueSection, today time.Time, moving []QueueKey, off, limit int) (QueuePage, error) {
	page := QueuePage{Section: sec, Offset: off, Limit: limit}
	fixed, err := s.Store.RequestQueueKeys(ctx, f, sec, today, off+limit)
	if err != nil {
		return page, err
	}
	merged := mergeKeys(fixed, moving, off+limit)
	if off >= len(merged) {
		return page, nil
	}
	page.Cases, err = s.casesOf(ctx, merged[off:])
	return page, err
}

// casesOf reads the requests of keys in full and derives their terms, in the order of keys.
func (s *Service) casesOf(ctx context.Context, keys []QueueKey) ([]Case, error) {
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	list, err := s.Store.RequestsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Request, len(list))
	for _, r := range list {
		byID[r.ID] = r
	}
	cases := make([]Case, 0, len(ids))
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			continue // decided or gone between the two reads
		}
		c, err := s.CaseOf(r)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// mergeKeys merges two sorted lists of keys, keeping the first n.
func mergeKeys(a, b []QueueKey, n int) []QueueKey {
	out := make([]QueueKey, 0, min(n, len(a)+len(b)))
	for len(out) < n && (len(a) > 0 || len(b) > 0) {
		if len(b) == 0 || (len(a) > 0 && compareKeys(a[0], b[0]) <= 0) {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// QueueAttention counts the open requests that are late or have fewer than WarnWorkingDays working days
// left, for the console's counter; like the queue, without reading every request.
func (s *Service) QueueAttention(ctx context.Context, f QueueFilter) (int, error) {
	now := s.now()
	today := civilDate(now)
	// DaysLeft < WarnWorkingDays exactly when the deadline comes before the WarnWorkingDays-th working
	// day after today.
	n, err := s.Store.RequestQueueDueBefore(ctx, f, addWorkingDays(today, WarnWorkingDays))
	if err != nil {
		return 0, err
	}
	list, err := s.Store.RequestQueueMoving(ctx, f)
	if err != nil {
		return 0, err
	}
	for _, r := range list {
		d, err := DeadlineFor(r, now)
		if err != nil {
			return 0, err
		}
		if d.Overdue || d.Warn {
			n++
		}
	}
	return n, nil
}
