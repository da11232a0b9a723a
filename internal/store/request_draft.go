package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"loket/internal/request"
)

// Draft is a request a resident has started but not sent.
type Draft = request.Draft

// SaveDraft creates or updates a draft.
func (s *Store) SaveDraft(ctx context.Context, d Draft) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	t := s.now()
	_, err = s.Exec(ctx, `INSERT INTO request_drafts (token_hash, product_id, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
		d.TokenHash, d.Product, string(data), t, t)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// Draft returns a draft by the hash of its token.
func (s *Store) Draft(ctx context.Context, tokenHash string) (Draft, error) {
	d := Draft{TokenHash: tokenHash}
	var data string
	err := s.QueryRow(ctx, `SELECT product_id, data FROM request_drafts WHERE token_hash = ?`, tokenHash).Scan(&d.Product, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("read draft: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return d, fmt.Errorf("decode draft: %w", err)
	}
	if d.Values == nil {
		d.Values = request.Values{}
	}
	return d, nil
}
