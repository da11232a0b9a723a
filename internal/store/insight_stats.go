package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/insight"
)

// contactFilter selects the rows that count as contacts: website visits, and questions on other channels.
const contactFilter = `((type = 'visit' AND channel = 'web') OR (type = 'contact' AND channel <> 'web'))`

// ChannelContacts counts contacts per channel between two days (YYYY-MM-DD, both included).
func (s *Store) ChannelContacts(ctx context.Context, from, to string) (map[string]int64, error) {
	return s.sumsByKey(ctx, "channel contacts", `SELECT channel, SUM(n) FROM insight_daily
		WHERE day >= ? AND day <= ? AND `+contactFilter+` GROUP BY channel`, from, to)
}

// sumsByKey runs a query whose rows are (key, sum) and collects them in a map.
func (s *Store) sumsByKey(ctx context.Context, what, query string, args ...any) (map[string]int64, error) {
	rows, err := s.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var key string
		var n int64
		if err := rows.Scan(&key, &n); err != nil {
			return nil, err
		}
		out[key] = n
	}
	return out, rows.Err()
}

// MonthCount is a count for one month (YYYY-MM) and one series (a channel or an event type).
type MonthCount struct {
	Month  string
	Series string
	N      int64
}

// ChannelMonths counts contacts per month and channel, for the channel-shift chart.
func (s *Store) ChannelMonths(ctx context.Context, from, to string) ([]MonthCount, error) {
	return s.monthCounts(ctx, `SELECT SUBSTR(day, 1, 7), channel, SUM(n) FROM insight_daily
		WHERE day >= ? AND day <= ? AND `+contactFilter+` GROUP BY SUBSTR(day, 1, 7), channel ORDER BY 1`, from, to)
}

// TaskMonths counts one task's visits and contacts per month, for its trend.
func (s *Store) TaskMonths(ctx context.Context, taskID int64, from, to string) ([]MonthCount, error) {
	return s.monthCounts(ctx, `SELECT SUBSTR(day, 1, 7), channel, SUM(n) FROM insight_daily
		WHERE task_id = ? AND day >= ? AND day <= ? AND `+contactFilter+` GROUP BY SUBSTR(day, 1, 7), channel ORDER BY 1`,
		taskID, from, to)
}

func (s *Store) monthCounts(ctx context.Context, query string, args ...any) ([]MonthCount, error) {
	rows, err := s.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("monthly counts: %w", err)
	}
	defer rows.Close()
	var out []MonthCount
	for rows.Next() {
		var m MonthCount
		if err := rows.Scan(&m.Month, &m.Series, &m.N); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// TaskStats adds up the rollup per task between two days, for every task in the catalogue.
func (s *Store) TaskStats(ctx context.Context, from, to string) ([]insight.TaskStats, error) {
	tasks, err := s.Tasks(ctx)
	if err != nil {
		return nil, err
	}
	votes, _, err := s.VoteTotals(ctx)
	if err != nil {
		return nil, err
	}
	index := map[int64]int{}
	out := make([]insight.TaskStats, len(tasks))
	for i, t := range tasks {
		index[t.ID] = i
		out[i] = insight.TaskStats{TaskID: t.ID, Name: t.Name, Contacts: map[string]int64{}}
	}
	for _, v := range votes {
		if i, ok := index[v.TaskID]; ok {
			out[i].Votes = v.Votes
		}
	}
	rows, err := s.Query(ctx, `SELECT task_id, type, channel, SUM(n) FROM insight_daily
		WHERE day >= ? AND day <= ? AND task_id <> 0 GROUP BY task_id, type, channel`, from, to)
	if err != nil {
		return nil, fmt.Errorf("task stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		var typ, ch string
		if err := rows.Scan(&id, &typ, &ch, &n); err != nil {
			return nil, err
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		t := &out[i]
		switch typ {
		case insight.TypeVisit:
			t.Visits += n
		case insight.TypeContact:
			if ch != insight.ChannelWeb {
				t.Contacts[ch] += n
			}
		case insight.TypeSearchClick:
			t.SearchClicks += n
		case insight.TypeFeedbackYes:
			t.FeedbackYes += n
		case insight.TypeFeedbackNo:
			t.FeedbackNo += n
		case insight.TypeRequestSent:
			t.RequestsSent += n
		case insight.TypeFormDeflected:
			t.FormsDeflected += n
		}
	}
	return out, rows.Err()
}

// SearchTotals counts searches, searches without results and clicks from the rollup between two days.
func (s *Store) SearchTotals(ctx context.Context, from, to string) (map[string]int64, error) {
	return s.sumsByKey(ctx, "search totals", `SELECT type, SUM(n) FROM insight_daily WHERE day >= ? AND day <= ?
		AND type IN ('search', 'search_zero', 'search_click') GROUP BY type`, from, to)
}

// EventTotals adds up the rollup of the given event types on one channel between two days (both included).
func (s *Store) EventTotals(ctx context.Context, channel, from, to string, types ...string) (map[string]int64, error) {
	if len(types) == 0 {
		return map[string]int64{}, nil
	}
	args := []any{channel, from, to}
	for _, t := range types {
		args = append(args, t)
	}
	return s.sumsByKey(ctx, "event totals", `SELECT type, SUM(n) FROM insight_daily WHERE channel = ? AND day >= ? AND day <= ?
		AND type IN (?`+strings.Repeat(", ?", len(types)-1)+`) GROUP BY type`, args...)
}

// SaveChannelSettings stores FTE and cost per contact for channels, all or none.
func (s *Store) SaveChannelSettings(ctx context.Context, settings []insight.ChannelSetting) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for _, c := range settings {
			_, err := tx.Exec(ctx, `INSERT INTO insight_channel_settings (channel, fte, cost_cents, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (channel) DO UPDATE SET fte = excluded.fte, cost_cents = excluded.cost_cents,
				updated_at = excluded.updated_at`, c.Channel, c.FTE, c.CostCents, s.now())
			if err != nil {
				return fmt.Errorf("save channel setting %s: %w", c.Channel, err)
			}
		}
		return nil
	})
}

// ChannelSettings returns FTE and cost per contact per channel; channels never set are missing.
func (s *Store) ChannelSettings(ctx context.Context) (map[string]insight.ChannelSetting, error) {
	rows, err := s.Query(ctx, `SELECT channel, fte, cost_cents FROM insight_channel_settings`)
	if err != nil {
		return nil, fmt.Errorf("channel settings: %w", err)
	}
	defer rows.Close()
	out := map[string]insight.ChannelSetting{}
	for rows.Next() {
		var c insight.ChannelSetting
		if err := rows.Scan(&c.Channel, &c.FTE, &c.CostCents); err != nil {
			return nil, err
		}
		out[c.Channel] = c
	}
	return out, rows.Err()
}

// QueryCount is a search query with how often it was asked, and a second count that depends on the list.
type QueryCount struct {
	Query string
	N     int64
	Other int64 // clicks (top searches) or contacts (searches followed by a contact)
}

// TopSearches returns the most frequent queries between two moments with their clicks.
func (s *Store) TopSearches(ctx context.Context, from, to time.Time, limit int) ([]QueryCount, error) {
	return s.queryCounts(ctx, `SELECT LOWER(l.query), COUNT(*), COUNT(c.search_id) FROM search_log l
		LEFT JOIN (SELECT DISTINCT search_id FROM search_clicks) c ON c.search_id = l.id
		WHERE l.created_at >= ? AND l.created_at < ? GROUP BY LOWER(l.query) ORDER BY 2 DESC, 1 LIMIT ?`, from, to, limit)
}

// ZeroResultSearches returns the most frequent queries that found nothing.
func (s *Store) ZeroResultSearches(ctx context.Context, from, to time.Time, limit int) ([]QueryCount, error) {
	return s.queryCounts(ctx, `SELECT LOWER(query), COUNT(*), 0 FROM search_log
		WHERE results = 0 AND created_at >= ? AND created_at < ? GROUP BY LOWER(query) ORDER BY 2 DESC, 1 LIMIT ?`, from, to, limit)
}

// SearchesFollowedByContact returns queries after which the resident still made contact.
func (s *Store) SearchesFollowedByContact(ctx context.Context, from, to time.Time, limit int) ([]QueryCount, error) {
	return s.queryCounts(ctx, `SELECT LOWER(l.query), COUNT(DISTINCT l.id), COUNT(*) FROM search_log l
		JOIN search_contacts c ON c.search_id = l.id
		WHERE l.created_at >= ? AND l.created_at < ? GROUP BY LOWER(l.query) ORDER BY 3 DESC, 1 LIMIT ?`, from, to, limit)
}

func (s *Store) queryCounts(ctx context.Context, query string, from, to time.Time, limit int) ([]QueryCount, error) {
	rows, err := s.Query(ctx, query, from.UTC(), to.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("search insight: %w", err)
	}
	defer rows.Close()
	var out []QueryCount
	for rows.Next() {
		var q QueryCount
		if err := rows.Scan(&q.Query, &q.N, &q.Other); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// AddSearchContact records that a search was followed by a contact through a channel. The search id is
// random and says nothing about the resident.
func (s *Store) AddSearchContact(ctx context.Context, searchID, channel string) error {
	_, err := s.Exec(ctx, `INSERT INTO search_contacts (search_id, channel, created_at) VALUES (?, ?, ?)`, searchID, channel, s.now())
	if err != nil {
		return fmt.Errorf("store search contact: %w", err)
	}
	return nil
}

// AddQuestions stores unanswered questions, reduced to their words.
func (s *Store) AddQuestions(ctx context.Context, qs []insight.Question) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for _, q := range qs {
			if len(q.Words) == 0 {
				continue
			}
			_, err := tx.Exec(ctx, `INSERT INTO insight_questions (day, channel, words) VALUES (?, ?, ?)`,
				q.Day, q.Channel, strings.Join(q.Words, " "))
			if err != nil {
				return fmt.Errorf("store question: %w", err)
			}
		}
		return nil
	})
}

// Questions returns the unanswered questions between two days (both included).
func (s *Store) Questions(ctx context.Context, from, to string) ([]insight.Question, error) {
	rows, err := s.Query(ctx, `SELECT day, channel, words FROM insight_questions WHERE day >= ? AND day <= ?`, from, to)
	if err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	defer rows.Close()
	var out []insight.Question
	for rows.Next() {
		var q insight.Question
		var words string
		if err := rows.Scan(&q.Day, &q.Channel, &words); err != nil {
			return nil, err
		}
		q.Words = strings.Fields(words)
		out = append(out, q)
	}
	return out, rows.Err()
}

// RequestsDecided counts the requests first decided from one moment up to another, and how many of them
// were decided on or before their deadline (the decision period, extensions included). decided is the
// status a decision sets.
func (s *Store) RequestsDecided(ctx context.Context, from, to time.Time, decided string) (total, inTime int, err error) {
	// Only the decisions of the period are read (by status and moment), each kept when the request has no
	// earlier decision event (events are appended in time order: an earlier one has a lower id), looked up
	// by request: a later decision (after an objection) does not count again. They are counted per
	// deadline and UTC hour in SQL; every UTC hour lies within one Dutch day (the offsets are whole hours),
	// so "on or before the deadline" is decided per hour here, without reading each decision.
	hour := `SUBSTR(e.at, 1, 13)`
	if s.dialect == Postgres {
		hour = `to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')`
	}
	rows, err := s.Query(ctx, `SELECT r.deadline, `+hour+`, COUNT(*) FROM request_events e JOIN requests r ON r.id = e.request_id
		WHERE e.status = ? AND e.at >= ? AND e.at < ? AND NOT EXISTS (SELECT 1 FROM request_events p
			WHERE p.request_id = e.request_id AND p.id < e.id AND p.status = e.status)
		GROUP BY r.deadline, `+hour, decided, from.UTC(), to.UTC())
	if err != nil {
		return 0, 0, fmt.Errorf("count decided requests: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var deadline, h string
		var n int
		if err := rows.Scan(&deadline, &h, &n); err != nil {
			return 0, 0, err
		}
		at, err := time.ParseInLocation("2006-01-02 15", h, time.UTC)
		if err != nil {
			return 0, 0, fmt.Errorf("count decided requests: hour %q: %w", h, err)
		}
		total += n
		if insight.Day(at) <= deadline {
			inTime += n
		}
	}
	return total, inTime, rows.Err()
}
