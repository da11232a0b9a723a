package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/identity"
	"loket/internal/problem"
)

// errProblemNotFound is store.ErrNotFound that the identity and payment services also find as problem.ErrNotFound.
var errProblemNotFound = fmt.Errorf("%w (%w)", ErrNotFound, problem.ErrNotFound)

// SaveLoginState keeps a login between the redirect to the broker and its return.
func (s *Store) SaveLoginState(ctx context.Context, l identity.LoginState) error {
	_, err := s.Exec(ctx, `INSERT INTO identity_login_states (state_hash, nonce, verifier, means, min_level, return_to, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, l.StateHash, l.Nonce, l.Verifier, string(l.Means), l.MinLevel, l.ReturnTo, l.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("save login state: %w", err)
	}
	return nil
}

// TakeLoginState returns a login state and deletes it in one statement, so two returns with the same
// state cannot both have it.
func (s *Store) TakeLoginState(ctx context.Context, stateHash string) (identity.LoginState, error) {
	l := identity.LoginState{StateHash: stateHash}
	var means string
	err := s.QueryRow(ctx, `DELETE FROM identity_login_states WHERE state_hash = ?
		RETURNING nonce, verifier, means, min_level, return_to, created_at`, stateHash).
		Scan(&l.Nonce, &l.Verifier, &means, &l.MinLevel, &l.ReturnTo, &l.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, errProblemNotFound
	}
	if err != nil {
		return l, fmt.Errorf("take login state: %w", err)
	}
	l.Means = identity.Means(means)
	return l, nil
}

// SaveResidentSession stores a resident's session by the hash of its id.
func (s *Store) SaveResidentSession(ctx context.Context, rs identity.StoredSession) error {
	_, err := s.Exec(ctx, `INSERT INTO identity_sessions (id_hash, sealed, created_at, last_seen) VALUES (?, ?, ?, ?)`,
		rs.IDHash, rs.Sealed, rs.CreatedAt.UTC(), rs.LastSeen.UTC())
	if err != nil {
		return fmt.Errorf("save resident session: %w", err)
	}
	return nil
}

// ResidentSession returns a stored session.
func (s *Store) ResidentSession(ctx context.Context, idHash string) (identity.StoredSession, error) {
	rs := identity.StoredSession{IDHash: idHash}
	err := s.QueryRow(ctx, `SELECT sealed, created_at, last_seen FROM identity_sessions WHERE id_hash = ?`, idHash).
		Scan(&rs.Sealed, &rs.CreatedAt, &rs.LastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return rs, errProblemNotFound
	}
	if err != nil {
		return rs, fmt.Errorf("read resident session: %w", err)
	}
	return rs, nil
}

// TouchResidentSession records activity on a session.
func (s *Store) TouchResidentSession(ctx context.Context, idHash string, at time.Time) error {
	_, err := s.Exec(ctx, `UPDATE identity_sessions SET last_seen = ? WHERE id_hash = ?`, at.UTC(), idHash)
	if err != nil {
		return fmt.Errorf("touch resident session: %w", err)
	}
	return nil
}

// DeleteResidentSession ends a session.
func (s *Store) DeleteResidentSession(ctx context.Context, idHash string) error {
	_, err := s.Exec(ctx, `DELETE FROM identity_sessions WHERE id_hash = ?`, idHash)
	if err != nil {
		return fmt.Errorf("delete resident session: %w", err)
	}
	return nil
}

// DeleteExpiredResidentSessions removes sessions idle since idleBefore or made before createdBefore, and
// login states made before statesBefore.
func (s *Store) DeleteExpiredResidentSessions(ctx context.Context, idleBefore, createdBefore, statesBefore time.Time) error {
	if _, err := s.Exec(ctx, `DELETE FROM identity_sessions WHERE last_seen < ? OR created_at < ?`,
		idleBefore.UTC(), createdBefore.UTC()); err != nil {
		return fmt.Errorf("delete idle sessions: %w", err)
	}
	if _, err := s.Exec(ctx, `DELETE FROM identity_login_states WHERE created_at < ?`, statesBefore.UTC()); err != nil {
		return fmt.Errorf("delete old login states: %w", err)
	}
	return nil
}
