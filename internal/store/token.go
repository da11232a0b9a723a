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
	CreatedAt time.Time
	LastUsed  time.Time
}

// AddAPIToken stores the hash of a new token for a staff member.
func (s *Store) AddAPIToken(ctx context.Context, userID int64, name, tokenHash string) (int64, error) {
	var id int64
	err := s.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		userID, name, tokenHash, now()).Scan(&id)
	return id, err
}

// TokenStaff returns the staff member a token belongs to and records its use.
func (s *Store) TokenStaff(ctx context.Context, tokenHash string) (auth.Staff, error) {
	var st auth.Staff
	var role string
	var tokenID int64
	err := s.QueryRow(ctx, `SELECT t.id, u.id, u.email, u.name, u.role FROM api_tokens t
		JOIN staff_users u ON u.id = t.user_id WHERE t.token_hash = ? AND NOT u.disabled`, tokenHash).
		Scan(&tokenID, &st.ID, &st.Email, &st.Name, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, err
	}
	st.Role = auth.Role(role)
	_, err = s.Exec(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, now(), tokenID)
	return st, err
}

// APITokens lists a staff member's tokens.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := s.Query(ctx, `SELECT id, user_id, name, created_at, last_used FROM api_tokens WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []APIToken
	for rows.Next() {
		var t APIToken
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &last); err != nil {
			return nil, err
		}
		t.LastUsed = last.Time
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
