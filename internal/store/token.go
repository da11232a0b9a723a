package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"loket/internal/auth"
)

// APIToken describes a token without its secret.
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string
	Scope     string // auth.ScopeRead or auth.ScopeWrite
	CreatedAt time.Time
	LastUsed  time.Time
	ExpiresAt time.Time // zero for a token made before tokens had an end (it ends LegacyTokenAge after CreatedAt)
}

// LegacyTokenAge is how long a token made before tokens had an end keeps working after it was made.
const LegacyTokenAge = 90 * 24 * time.Hour

// DefaultTokenAge is the lifetime AddAPIToken gives a token.
const DefaultTokenAge = 90 * 24 * time.Hour

// AddAPIToken stores the hash of a new write token for a staff member, ending after DefaultTokenAge.
func (s *Store) AddAPIToken(ctx context.Context, userID int64, name, tokenHash string) (int64, error) {
	return s.AddScopedToken(ctx, auth.Token{UserID: userID, Name: name, Scope: auth.ScopeWrite,
		ExpiresAt: s.now().Add(DefaultTokenAge)}, tokenHash)
}

// AddScopedToken stores the hash of a new token with its scope and end.
func (s *Store) AddScopedToken(ctx context.Context, t auth.Token, tokenHash string) (int64, error) {
	var id int64
	err := s.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, scope)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, t.UserID, t.Name, tokenHash, s.now(), t.ExpiresAt.UTC(), t.Scope).Scan(&id)
	return id, err
}

// APIToken finds a token by id.
func (s *Store) APIToken(ctx context.Context, id int64) (auth.Token, error) {
	var t auth.Token
	var exp sql.NullTime
	err := s.QueryRow(ctx, `SELECT id, user_id, name, scope, expires_at FROM api_tokens WHERE id = ?`, id).
		Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	t.ExpiresAt = exp.Time
	return t, err
}

// TokenStaff returns the staff member a live token belongs to, with the token's scope, and records its
// use. An expired token, or one of a disabled account, is ErrNotFound.
func (s *Store) TokenStaff(ctx context.Context, tokenHash string) (auth.Staff, error) {
	var st auth.Staff
	var role string
	var tokenID int64
	at := s.now()
	err := s.QueryRow(ctx, `SELECT t.id, u.id, u.email, u.name, u.role, t.scope FROM api_tokens t
		JOIN staff_users u ON u.id = t.user_id WHERE t.token_hash = ? AND NOT u.disabled
		AND (t.expires_at > ? OR (t.expires_at IS NULL AND t.created_at > ?))`, tokenHash, at, at.Add(-LegacyTokenAge)).
		Scan(&tokenID, &st.ID, &st.Email, &st.Name, &role, &st.TokenScope)
	if errors.Is(err, sql.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, err
	}
	st.Role = auth.Role(role)
	_, err = s.Exec(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, s.now(), tokenID)
	return st, err
}

// APITokens lists a staff member's tokens.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := s.Query(ctx, `SELECT id, user_id, name, scope, created_at, last_used, expires_at FROM api_tokens WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []APIToken
	for rows.Next() {
		var t APIToken
		var last, exp sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &t.CreatedAt, &last, &exp); err != nil {
			return nil, err
		}
		t.LastUsed, t.ExpiresAt = last.Time, exp.Time
		list = append(list, t)
	}
	return list, rows.Err()
}

// DeleteAPIToken revokes one of a staff member's tokens.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	res, err := s.Exec(ctx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, ErrNotFound)
	}
	return nil
}
