package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"loket/internal/search/learning"
)

// ClickedSearches counts, per query and article, the clicks on search results since a moment, keeping
// the pairs with at least minClicks; at most 500, the most clicked first.
func (s *Store) ClickedSearches(ctx context.Context, since time.Time, minClicks int) ([]learning.ClickedSearch, error) {
	rows, err := s.Query(ctx, `SELECT l.query, c.article_id, COUNT(*) FROM search_clicks c
		JOIN search_log l ON l.id = c.search_id
		WHERE c.created_at >= ? GROUP BY l.query, c.article_id HAVING COUNT(*) >= ?
		ORDER BY COUNT(*) DESC, l.query, c.article_id LIMIT 500`, since.UTC(), minClicks)
	if err != nil {
		return nil, fmt.Errorf("clicked searches: %w", err)
	}
	return scanAll(rows, func(r scanner) (learning.ClickedSearch, error) {
		var c learning.ClickedSearch
		return c, r.Scan(&c.Query, &c.ArticleID, &c.Clicks)
	})
}

// SearchFollowUps returns the searches since a moment that follow an earlier search of the same resident,
// with that search, the newest first, at most limit.
func (s *Store) SearchFollowUps(ctx context.Context, since time.Time, limit int) ([]learning.FollowUp, error) {
	rows, err := s.Query(ctx, `SELECT p.query, p.results, p.created_at, l.query, l.results, l.created_at,
		EXISTS (SELECT 1 FROM search_clicks c WHERE c.search_id = p.id),
		EXISTS (SELECT 1 FROM search_clicks c WHERE c.search_id = l.id)
		FROM search_log l JOIN search_log p ON p.id = l.previous_id
		WHERE l.created_at >= ? AND l.previous_id <> ''
		ORDER BY l.created_at DESC, l.id LIMIT ?`, since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("search follow-ups: %w", err)
	}
	return scanAll(rows, func(r scanner) (learning.FollowUp, error) {
		var f learning.FollowUp
		return f, r.Scan(&f.From, &f.FromResults, &f.FromAt, &f.To, &f.ToResults, &f.ToAt, &f.FromClicked, &f.ToClicked)
	})
}

// ProposalDecisions returns every decision editors made, accepted or not.
func (s *Store) ProposalDecisions(ctx context.Context) (map[learning.ProposalKey]bool, error) {
	rows, err := s.Query(ctx, `SELECT kind, article_id, from_text, to_text, accepted FROM search_proposal_decisions`)
	if err != nil {
		return nil, fmt.Errorf("proposal decisions: %w", err)
	}
	type row struct {
		k  learning.ProposalKey
		ok bool
	}
	list, err := scanAll(rows, func(r scanner) (row, error) {
		var v row
		return v, r.Scan(&v.k.Kind, &v.k.ArticleID, &v.k.From, &v.k.To, &v.ok)
	})
	if err != nil {
		return nil, fmt.Errorf("proposal decisions: %w", err)
	}
	out := make(map[learning.ProposalKey]bool, len(list))
	for _, v := range list {
		out[v.k] = v.ok
	}
	return out, nil
}

// DecideProposal records a decision; deciding the same proposal again replaces the earlier decision.
func (s *Store) DecideProposal(ctx context.Context, d learning.Decision) error {
	_, err := s.Exec(ctx, `INSERT INTO search_proposal_decisions
		(kind, article_id, from_text, to_text, accepted, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, article_id, from_text, to_text) DO UPDATE SET accepted = excluded.accepted,
		decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
		d.Kind, d.ArticleID, d.From, d.To, d.Accepted, d.DecidedBy, d.DecidedAt.UTC())
	if err != nil {
		return fmt.Errorf("decide proposal: %w", err)
	}
	return nil
}

// LocalWords returns the municipality's own search words (the synonym list editors keep), "" when none.
func (s *Store) LocalWords(ctx context.Context) (string, error) {
	l, err := s.SearchSynonyms(ctx)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	return l.Body, err
}

// SaveLocalWords stores the municipality's own search words and announces them to every instance.
func (s *Store) SaveLocalWords(ctx context.Context, body, author string) error {
	return s.SaveSearchSynonyms(ctx, body, author)
}
