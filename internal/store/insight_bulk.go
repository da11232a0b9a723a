package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AddVotes stores many survey submissions (each a list of task ids) on one day, in one transaction.
func (s *Store) AddVotes(ctx context.Context, day string, votes [][]int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for _, picks := range votes {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO insight_votes (day) VALUES (?) RETURNING id`, day).Scan(&id); err != nil {
				return fmt.Errorf("store vote: %w", err)
			}
			var b strings.Builder
			args := make([]any, 0, 2*len(picks))
			for i, t := range picks {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?)")
				args = append(args, id, t)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO insight_vote_tasks (vote_id, task_id) VALUES `+b.String(), args...); err != nil {
				return fmt.Errorf("store vote: %w", err)
			}
		}
		return nil
	})
}

// SearchClick is a click on a search result at a moment, for bulk loading.
type SearchClick struct {
	SearchID, ArticleID string
	At                  time.Time
}

// AddSearchClicks stores many clicks in one transaction.
func (s *Store) AddSearchClicks(ctx context.Context, clicks []SearchClick) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for start := 0; start < len(clicks); start += 1000 {
			chunk := clicks[start:min(start+1000, len(clicks))]
			var b strings.Builder
			args := make([]any, 0, 3*len(chunk))
			for i, c := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?)")
				args = append(args, c.SearchID, c.ArticleID, c.At.UTC())
			}
			if _, err := tx.Exec(ctx, `INSERT INTO search_clicks (search_id, article_id, created_at) VALUES `+b.String(), args...); err != nil {
				return fmt.Errorf("store search clicks: %w", err)
			}
		}
		return nil
	})
}

// AddSearchContacts stores many "search followed by a contact" marks in one transaction.
func (s *Store) AddSearchContacts(ctx context.Context, searchIDs []string, channel string, at time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for _, id := range searchIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO search_contacts (search_id, channel, created_at) VALUES (?, ?, ?)`,
				id, channel, at.UTC()); err != nil {
				return fmt.Errorf("store search contact: %w", err)
			}
		}
		return nil
	})
}

// HasInsightActivity reports whether the daily rollup holds anything, so the demo loads its year once.
func (s *Store) HasInsightActivity(ctx context.Context) (bool, error) {
	var n int
	if err := s.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM insight_daily LIMIT 1) x`).Scan(&n); err != nil {
		return false, fmt.Errorf("check insight activity: %w", err)
	}
	return n > 0, nil
}
