package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"loket/internal/identity"
)

// SaveTOTP stores a new, unconfirmed secret, replacing an unconfirmed one.
func (s *Store) SaveTOTP(ctx context.Context, r identity.TOTPRecord) error {
	_, err := s.Exec(ctx, `INSERT INTO staff_totp (user_id, sealed, confirmed, last_step, created_at) VALUES (?, ?, FALSE, 0, ?)
		ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, confirmed = FALSE, last_step = 0, created_at = excluded.created_at
		WHERE NOT staff_totp.confirmed`, r.UserID, r.Sealed, r.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("save totp: %w", err)
	}
	return nil
}

// TOTP returns a staff member's second factor.
func (s *Store) TOTP(ctx context.Context, userID int64) (identity.TOTPRecord, error) {
	r := identity.TOTPRecord{UserID: userID}
	err := s.QueryRow(ctx, `SELECT sealed, confirmed, last_step, created_at FROM staff_totp WHERE user_id = ?`, userID).
		Scan(&r.Sealed, &r.Confirmed, &r.LastStep, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errProblemNotFound
	}
	if err != nil {
		return r, fmt.Errorf("read totp: %w", err)
	}
	return r, nil
}

// ConfirmTOTP turns a second factor on, with the step of the confirming code as used.
func (s *Store) ConfirmTOTP(ctx context.Context, userID int64, step int64) error {
	_, err := s.Exec(ctx, `UPDATE staff_totp SET confirmed = TRUE, last_step = ? WHERE user_id = ?`, step, userID)
	if err != nil {
		return fmt.Errorf("confirm totp: %w", err)
	}
	return nil
}

// UseTOTPStep records a used step only when it is later than the last one.
func (s *Store) UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error) {
	res, err := s.Exec(ctx, `UPDATE staff_totp SET last_step = ? WHERE user_id = ? AND confirmed AND last_step < ?`, step, userID, step)
	if err != nil {
		return false, fmt.Errorf("use totp step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteTOTP turns a second factor off.
func (s *Store) DeleteTOTP(ctx context.Context, userID int64) error {
	_, err := s.Exec(ctx, `DELETE FROM staff_totp WHERE user_id = ?`, userID)
	return err
}

// SaveTOTPChallenge keeps the step between password and code.
func (s *Store) SaveTOTPChallenge(ctx context.Context, c identity.TOTPChallenge) error {
	_, err := s.Exec(ctx, `INSERT INTO staff_totp_challenges (token_hash, user_id, back, attempts, created_at) VALUES (?, ?, ?, 0, ?)`,
		c.TokenHash, c.UserID, c.Back, c.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("save totp challenge: %w", err)
	}
	return nil
}

// TOTPChallenge returns a challenge.
func (s *Store) TOTPChallenge(ctx context.Context, tokenHash string) (identity.TOTPChallenge, error) {
	c := identity.TOTPChallenge{TokenHash: tokenHash}
	err := s.QueryRow(ctx, `SELECT user_id, back, attempts, created_at FROM staff_totp_challenges WHERE token_hash = ?`, tokenHash).
		Scan(&c.UserID, &c.Back, &c.Attempts, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errProblemNotFound
	}
	if err != nil {
		return c, fmt.Errorf("read totp challenge: %w", err)
	}
	return c, nil
}

// CountTOTPAttempt counts a try at a challenge.
func (s *Store) CountTOTPAttempt(ctx context.Context, tokenHash string) error {
	_, err := s.Exec(ctx, `UPDATE staff_totp_challenges SET attempts = attempts + 1 WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteTOTPChallenge ends a challenge.
func (s *Store) DeleteTOTPChallenge(ctx context.Context, tokenHash string) error {
	_, err := s.Exec(ctx, `DELETE FROM staff_totp_challenges WHERE token_hash = ?`, tokenHash)
	return err
}
