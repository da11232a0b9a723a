package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SynonymsChannel is the PostgreSQL notification channel on which a saved synonym list is announced; the
// payload is empty: every instance reads the list from the database.
const SynonymsChannel = "loket_synonyms"

// SynonymList is the search synonym list that editors keep in the console.
type SynonymList struct {
	Body      string
	Author    string
	UpdatedAt time.Time
}

// SearchSynonyms returns the editors' synonym list; ErrNotFound when they never saved one.
func (s *Store) SearchSynonyms(ctx context.Context) (SynonymList, error) {
	var l SynonymList
	err := s.QueryRow(ctx, `SELECT body, author, updated_at FROM search_synonyms WHERE id = 1`).
		Scan(&l.Body, &l.Author, &l.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("read synonyms: %w", err)
	}
	return l, nil
}

// SaveSearchSynonyms stores the editors' synonym list, replacing the previous one, and tells the other
// instances on the same PostgreSQL on commit.
func (s *Store) SaveSearchSynonyms(ctx context.Context, body, author string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO search_synonyms (id, body, author, updated_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body, author = excluded.author, updated_at = excluded.updated_at`,
			body, author, s.now())
		if err != nil {
			return err
		}
		return s.notify(ctx, tx, SynonymsChannel, "")
	})
	if err != nil {
		return fmt.Errorf("save synonyms: %w", err)
	}
	return nil
}
