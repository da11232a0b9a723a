package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"loket/internal/contact"
)

// RecordContactEvent counts a deflection event of the contact form; it holds no personal data.
func (s *Store) RecordContactEvent(ctx context.Context, kind, articleID string) error {
	if !slices.Contains(contact.EventKinds, kind) {
		return fmt.Errorf("%w: event %q", contact.ErrInvalid, kind)
	}
	_, err := s.Exec(ctx, `INSERT INTO contact_events (kind, article_id, at) VALUES (?, ?, ?)`, kind, truncateRunes(articleID, 100), now())
	return err
}

// ContactEventCounts counts the deflection events per kind since t.
func (s *Store) ContactEventCounts(ctx context.Context, since time.Time) (map[string]int, error) {
	rows, err := s.Query(ctx, `SELECT kind, COUNT(*) FROM contact_events WHERE at >= ? GROUP BY kind`, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		counts[k] = n
	}
	return counts, rows.Err()
}

// SuggestionUses counts how often each knowledge-base article was the start of a reply since t.
func (s *Store) SuggestionUses(ctx context.Context, since time.Time) (map[string]int, error) {
	rows, err := s.Query(ctx, `SELECT suggestion_used, COUNT(*) FROM contact_messages WHERE kind = 'out'
		AND suggestion_used <> '' AND created_at >= ? GROUP BY suggestion_used`, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		counts[id] = n
	}
	return counts, rows.Err()
}
