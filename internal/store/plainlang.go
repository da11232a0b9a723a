package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// WordList is the editors' own list of officialese for the plain-language check.
type WordList struct {
	Body, Author string
	UpdatedAt    time.Time
}

// PlainLanguageWords returns the editors' list; ErrNotFound when they never saved one.
func (s *Store) PlainLanguageWords(ctx context.Context) (WordList, error) {
	var l WordList
	err := s.QueryRow(ctx, `SELECT body, author, updated_at FROM plainlang_words WHERE id = 1`).Scan(&l.Body, &l.Author, &l.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("read plain-language words: %w", err)
	}
	return l, nil
}

// SavePlainLanguageWords stores the editors' list, replacing the previous one.
func (s *Store) SavePlainLanguageWords(ctx context.Context, body, author string) error {
	_, err := s.Exec(ctx, `INSERT INTO plainlang_words (id, body, author, updated_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET body = excluded.body, author = excluded.author, updated_at = excluded.updated_at`,
		body, author, s.now())
	if err != nil {
		return fmt.Errorf("save plain-language words: %w", err)
	}
	return nil
}
