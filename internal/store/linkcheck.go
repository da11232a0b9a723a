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
	return s.FinishLinkRun(ctx, results)
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
	// The last complete run counts, even when it found no links at all; else the newest single check.
	run, err := s.LastLinkRun(ctx)
	if err != nil {
		return nil, sum, err
	}
	sum.LastRun = run.FinishedAt
	if sum.LastRun.IsZero() {
		// MAX() would lose the column type on SQLite, so the newest time is read as a row.
		err = s.QueryRow(ctx, `SELECT checked_at FROM link_checks ORDER BY checked_at DESC LIMIT 1`).Scan(&sum.LastRun)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, sum, fmt.Errorf("read last link check: %w", err)
		}
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

// LinkRun is the last check of every link: finished, or still running with its progress.
type LinkRun struct {
	StartedAt, FinishedAt time.Time // FinishedAt is zero while it runs
	Total, Done, Broken   int
	StartedBy             string
}

// Running reports whether the run has not finished yet.
func (r LinkRun) Running() bool { return !r.StartedAt.IsZero() && r.FinishedAt.IsZero() }

// linkRunStale is when an unfinished run counts as abandoned (its instance stopped), so a new one may start.
const linkRunStale = time.Hour

// StartLinkRun records the start of a check of every link, unless one is running (started less than an
// hour ago and not finished); it reports whether this call started it.
func (s *Store) StartLinkRun(ctx context.Context, by string, total int) (bool, error) {
	at := s.now()
	res, err := s.Exec(ctx, `INSERT INTO link_check_runs (id, started_at, finished_at, links_total, links_done, broken, started_by)
		VALUES (1, ?, NULL, ?, 0, 0, ?)
		ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, links_total = excluded.links_total,
			links_done = 0, broken = 0, started_by = excluded.started_by
		WHERE link_check_runs.finished_at IS NOT NULL OR link_check_runs.started_at < ?`,
		at, total, by, at.Add(-linkRunStale))
	if err != nil {
		return false, fmt.Errorf("start link check: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LinkRunProgress records how many links the running check has done.
func (s *Store) LinkRunProgress(ctx context.Context, done int) error {
	_, err := s.Exec(ctx, `UPDATE link_check_runs SET links_done = ? WHERE id = 1 AND finished_at IS NULL`, done)
	return err
}

// FinishLinkRun stores the results of a complete check, replacing those of the previous one, and marks
// the run finished, in one transaction.
func (s *Store) FinishLinkRun(ctx context.Context, results []LinkResult) error {
	broken := 0
	for _, r := range results {
		if !r.OK {
			broken++
		}
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := replaceLinkResults(ctx, tx, "", results); err != nil {
			return err
		}
		at := s.now()
		_, err := tx.Exec(ctx, `INSERT INTO link_check_runs (id, started_at, finished_at, links_total, links_done, broken)
			VALUES (1, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, links_total = excluded.links_total,
				links_done = excluded.links_done, broken = excluded.broken`, at, at, len(results), len(results), broken)
		if err != nil {
			return fmt.Errorf("finish link check: %w", err)
		}
		return nil
	})
}

// ReplaceArticleLinkResults stores the results of checking one article's links, replacing its earlier ones.
func (s *Store) ReplaceArticleLinkResults(ctx context.Context, articleID string, results []LinkResult) error {
	return s.InTx(ctx, func(tx *Tx) error { return replaceLinkResults(ctx, tx, articleID, results) })
}

// replaceLinkResults replaces the stored results of one article, or of all when articleID is "".
func replaceLinkResults(ctx context.Context, tx *Tx, articleID string, results []LinkResult) error {
	var err error
	if articleID == "" {
		_, err = tx.Exec(ctx, `DELETE FROM link_checks`)
	} else {
		_, err = tx.Exec(ctx, `DELETE FROM link_checks WHERE article_id = ?`, articleID)
	}
	if err != nil {
		return fmt.Errorf("clear link checks: %w", err)
	}
	for _, r := range results {
		if r.CheckedAt.IsZero() {
			r.CheckedAt = tx.s.now()
		}
		_, err := tx.Exec(ctx, `INSERT INTO link_checks (article_id, url, ok, status, problem, checked_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, url) DO NOTHING`,
			r.ArticleID, r.URL, r.OK, r.Status, r.Problem, r.CheckedAt.UTC())
		if err != nil {
			return fmt.Errorf("store link check: %w", err)
		}
	}
	return nil
}

// LastLinkRun is the last check of every link; zero when none ever started.
func (s *Store) LastLinkRun(ctx context.Context) (LinkRun, error) {
	var r LinkRun
	var finished sql.NullTime
	err := s.QueryRow(ctx, `SELECT started_at, finished_at, links_total, links_done, broken, started_by
		FROM link_check_runs WHERE id = 1`).Scan(&r.StartedAt, &finished, &r.Total, &r.Done, &r.Broken, &r.StartedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return LinkRun{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("read link check run: %w", err)
	}
	r.FinishedAt = finished.Time
	return r, nil
}
