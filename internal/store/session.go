package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/auth"
)

// AddSession stores a session by the hash of its id.
func (s *Store) AddSession(ctx context.Context, idHash string, userID int64, expires time.Time) error {
	_, err := s.Exec(ctx, `INSERT INTO staff_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		idHash, userID, s.now(), expires.UTC())
	return err
}

// SessionStaff returns the staff member of a live session on an enabled account.
func (s *Store) SessionStaff(ctx context.Context, idHash string) (auth.Staff, error) {
	var st auth.Staff
	var role string
	err := s.QueryRow(ctx, `SELECT u.id, u.email, u.name, u.role FROM staff_sessions s
		JOIN staff_users u ON u.id = s.user_id
		WHERE s.id_hash = ? AND s.expires_at > ? AND NOT u.disabled`, idHash, s.now()).Scan(&st.ID, &st.Email, &st.Name, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return st, ErrNotFound
	}
	st.Role = auth.Role(role)
	return st, err
}

// DeleteSession ends a session (log out).
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.Exec(ctx, `DELETE FROM staff_sessions WHERE id_hash = ?`, idHash)
	return err
}

// DeleteExpiredSessions removes sessions that ended before at and says how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error) {
	res, err := s.Exec(ctx, `DELETE FROM staff_sessions WHERE expires_at <= ?`, at.UTC())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
