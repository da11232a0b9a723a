package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SaveStaffIDToken keeps the ID token of a staff SSO session until it expires; expired ones go first.
func (s *Store) SaveStaffIDToken(ctx context.Context, sessionHash, idToken string, expires time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM identity_staff_sso_sessions WHERE expires_at < ?`, s.now()); err != nil {
			return fmt.Errorf("remove expired staff id tokens: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO identity_staff_sso_sessions (session_hash, id_token, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (session_hash) DO UPDATE SET id_token = excluded.id_token, expires_at = excluded.expires_at`,
			sessionHash, idToken, expires.UTC())
		if err != nil {
			return fmt.Errorf("save staff id token: %w", err)
		}
		return nil
	})
}

// TakeStaffIDToken returns and deletes a staff session's ID token.
func (s *Store) TakeStaffIDToken(ctx context.Context, sessionHash string) (string, error) {
	var token string
	err := s.QueryRow(ctx, `DELETE FROM identity_staff_sso_sessions WHERE session_hash = ? RETURNING id_token`, sessionHash).Scan(&token)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errProblemNotFound
	}
	if err != nil {
		return "", fmt.Errorf("take staff id token: %w", err)
	}
	return token, nil
}
