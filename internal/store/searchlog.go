package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SearchLogEntry is one logged search. It holds no personal data: no address, no session, no user.
type SearchLogEntry struct {
	ID       string
	Query    string
	Results  int
	Answered bool
	At       time.Time
	Previous string // the search this one reformulates, from the same results page; "" for none
}

// AddSearchLogs stores a batch of searches in one statement.
func (s *Store) AddSearchLogs(ctx context.Context, entries []SearchLogEntry) error {
	if len(entries) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO search_log (id, query, results, answered, created_at, previous_id) VALUES `)
	args := make([]any, 0, len(entries)*6)
	for i, e := range entries {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?)")
		args = append(args, e.ID, e.Query, e.Results, e.Answered, e.At.UTC(), e.Previous)
	}
	if _, err := s.Exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("store search log: %w", err)
	}
	return nil
}

// AddSearchClick records which result a resident opened after a search.
func (s *Store) AddSearchClick(ctx context.Context, searchID, articleID string) error {
	_, err := s.Exec(ctx, `INSERT INTO search_clicks (search_id, article_id, created_at) VALUES (?, ?, ?)`,
		searchID, articleID, s.now())
	if err != nil {
		return fmt.Errorf("store search click: %w", err)
	}
	return nil
}

// SearchStats summarises the search log; the insight dashboards extend this.
type SearchStats struct {
	Searches, WithoutResults, Answered, Clicks int
}

// SearchStatsSince counts searches since a moment.
func (s *Store) SearchStatsSince(ctx context.Context, since time.Time) (SearchStats, error) {
	var st SearchStats
	err := s.QueryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN answered THEN 1 ELSE 0 END), 0),
		(SELECT COUNT(*) FROM search_clicks WHERE created_at >= ?)
		FROM search_log WHERE created_at >= ?`, since.UTC(), since.UTC()).
		Scan(&st.Searches, &st.WithoutResults, &st.Answered, &st.Clicks)
	if err != nil {
		return st, fmt.Errorf("search stats: %w", err)
	}
	return st, nil
}

// NotFoundSearches returns the queries residents searched most often without opening any result, at
// least twice in the period: N is how often, Other how often of those nothing was found at all. It feeds
// the editors' work list "vaak gezocht, niet gevonden".
func (s *Store) NotFoundSearches(ctx context.Context, from, to time.Time, limit int) ([]QueryCount, error) {
	return s.queryCounts(ctx, `SELECT LOWER(l.query), COUNT(*), SUM(CASE WHEN l.results = 0 THEN 1 ELSE 0 END) FROM search_log l
		LEFT JOIN (SELECT DISTINCT search_id FROM search_clicks) c ON c.search_id = l.id
		WHERE c.search_id IS NULL AND l.created_at >= ? AND l.created_at < ?
		GROUP BY LOWER(l.query) HAVING COUNT(*) >= 2 ORDER BY 2 DESC, 1 LIMIT ?`, from, to, limit)
}
