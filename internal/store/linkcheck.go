package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LinkResult is the outcome of checking one link in one article.
type LinkResult struct {
	ArticleID string
	URL       string
	OK        bool
	Status    int    // HTTP status of an external link; 0 for internal links and network failures
	Problem   string // why the link is broken, in Dutch for the console
	CheckedAt time.Time
}

// ReplaceLinkResults stores the results of a complete check run, replacing those of the previous run.
func (s *Store) ReplaceLinkResults(ctx context.Context, results []LinkResult) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM link_checks`); err != nil {
			return fmt.Errorf("clear link checks: %w", err)
		}
		for _, r := range results {
			if r.CheckedAt.IsZero() {
				r.CheckedAt = now()
			}
			_, err := tx.Exec(ctx, `INSERT INTO link_checks (article_id, url, ok, status, problem, checked_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, url) DO NOTHING`,
				r.ArticleID, r.URL, r.OK, r.Status, r.Problem, r.CheckedAt.UTC())
			if err != nil {
				return fmt.Errorf("store link check: %w", err)
			}
		}
		return nil
	})
}

// LinkCheckSummary tells when links were last checked and how many were.
type LinkCheckSummary struct {
	Checked, Broken int
	LastRun         time.Time // zero when no check ran yet
}

// BrokenLinks lists the broken links of the last check, by article, with a summary of the run.
func (s *Store) BrokenLinks(ctx context.Context) ([]LinkResult, LinkCheckSummary, error) {
	var sum LinkCheckSummary
	err := s.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN ok THEN 0 ELSE 1 END), 0) FROM link_checks`).
		Scan(&sum.Checked, &sum.Broken)
	if err != nil {
		return nil, sum, fmt.Errorf("summarise link checks: %w", err)
	}
	// MAX() would lose the column type on SQLite, so the newest time is read as a row.
	err = s.QueryRow(ctx, `SELECT checked_at FROM link_checks ORDER BY checked_at DESC LIMIT 1`).Scan(&sum.LastRun)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, sum, fmt.Errorf("read last link check: %w", err)
	}
	rows, err := s.Query(ctx, `SELECT article_id, url, ok, status, problem, checked_at FROM link_checks
		WHERE NOT ok ORDER BY article_id, url`)
	if err != nil {
		return nil, sum, fmt.Errorf("list broken links: %w", err)
	}
	defer rows.Close()
	var list []LinkResult
	for rows.Next() {
		var r LinkResult
		if err := rows.Scan(&r.ArticleID, &r.URL, &r.OK, &r.Status, &r.Problem, &r.CheckedAt); err != nil {
			return nil, sum, err
		}
		list = append(list, r)
	}
	return list, sum, rows.Err()
}
