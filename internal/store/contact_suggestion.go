package store

import (
	"context"
	"time"
)

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
