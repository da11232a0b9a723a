package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/problem"
)

// ErrConflict is returned when a unique value (an e-mail address) is already taken.
var ErrConflict = errors.New("store: already exists")

// StaffUser is a staff account as stored.
type StaffUser struct {
	auth.Staff
	Team         string
	PasswordHash string
	FailedLogins int
	LockedUntil  time.Time
	Disabled     bool
	CreatedAt    time.Time
}

const staffColumns = `id, email, name, role, team, password_hash, failed_logins, locked_until, disabled, created_at`

// AddStaffUser creates an account and returns its id.
func (s *Store) AddStaffUser(ctx context.Context, u StaffUser) (int64, error) {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	var id int64
	err := s.QueryRow(ctx, `INSERT INTO staff_users (email, name, role, team, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, u.Email, u.Name, string(u.Role), u.Team, u.PasswordHash, s.now()).Scan(&id)
	if err != nil && isUniqueViolation(err) {
		return 0, fmt.Errorf("%w: %s", ErrConflict, u.Email)
	}
	return id, err
}

// StaffUserByEmail finds an account by e-mail address, case-insensitively.
func (s *Store) StaffUserByEmail(ctx context.Context, email string) (StaffUser, error) {
	return s.scanStaff(s.QueryRow(ctx, `SELECT `+staffColumns+` FROM staff_users WHERE email = ?`,
		strings.ToLower(strings.TrimSpace(email))))
}

// StaffUser finds an account by id.
func (s *Store) StaffUser(ctx context.Context, id int64) (StaffUser, error) {
	return s.scanStaff(s.QueryRow(ctx, `SELECT `+staffColumns+` FROM staff_users WHERE id = ?`, id))
}

// StaffUsers lists every account by e-mail address.
func (s *Store) StaffUsers(ctx context.Context) ([]StaffUser, error) {
	rows, err := s.Query(ctx, `SELECT `+staffColumns+` FROM staff_users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []StaffUser
	for rows.Next() {
		u, err := s.scanStaff(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func (s *Store) scanStaff(row scanner) (StaffUser, error) {
	var u StaffUser
	var role string
	var locked sql.NullTime
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.Team, &u.PasswordHash, &u.FailedLogins, &locked, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	u.Role, u.LockedUntil = auth.Role(role), locked.Time
	return u, err
}

// RecordLoginFailure counts a failed login and locks the account for lockFor after maxFailures in a row.
func (s *Store) RecordLoginFailure(ctx context.Context, id int64, maxFailures int, lockFor time.Duration) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var failures int
		if err := tx.QueryRow(ctx, `SELECT failed_logins FROM staff_users WHERE id = ?`, id).Scan(&failures); err != nil {
			return err
		}
		failures++
		var locked any
		if failures >= maxFailures {
			locked, failures = s.now().Add(lockFor), 0
		}
		_, err := tx.Exec(ctx, `UPDATE staff_users SET failed_logins = ?, locked_until = COALESCE(?, locked_until) WHERE id = ?`,
			failures, locked, id)
		return err
	})
}

// RecordLoginSuccess clears the failure count.
func (s *Store) RecordLoginSuccess(ctx context.Context, id int64) error {
	_, err := s.Exec(ctx, `UPDATE staff_users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, id)
	return err
}

// SetStaffPassword replaces an account's password hash, ends its sessions and revokes its tokens.
func (s *Store) SetStaffPassword(ctx context.Context, id int64, hash string) error {
	return s.setPassword(ctx, id, hash, "")
}

// setPassword replaces the hash and ends every session but keepSession (a hash; "" ends all) and
// revokes every token, in one transaction: a reset leaves no credential of before working.
func (s *Store) setPassword(ctx context.Context, id int64, hash, keepSession string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE staff_users SET password_hash = ? WHERE id = ?`, hash, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, ErrNotFound)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM staff_sessions WHERE user_id = ? AND id_hash <> ?`, id, keepSession); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, id)
		return err
	})
}

// endCredentials ends every session and revokes every token of an account.
func endCredentials(ctx context.Context, tx *Tx, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM staff_sessions WHERE user_id = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, id)
	return err
}

// UpdateStaffUser changes name, role, team and whether the account is disabled; disabling ends its
// sessions and revokes its tokens in the same transaction.
func (s *Store) UpdateStaffUser(ctx context.Context, u StaffUser) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE staff_users SET name = ?, role = ?, team = ?, disabled = ? WHERE id = ?`,
			u.Name, string(u.Role), u.Team, u.Disabled, u.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, ErrNotFound)
		}
		if u.Disabled {
			return endCredentials(ctx, tx, u.ID)
		}
		return nil
	})
}

// Accounts is the store as the account service (auth.Accounts) needs it.
func (s *Store) Accounts() auth.AccountStore { return accountStore{s} }

type accountStore struct{ s *Store }

func toAccount(u StaffUser) auth.Account {
	return auth.Account{Staff: u.Staff, Team: u.Team, PasswordHash: u.PasswordHash, Disabled: u.Disabled}
}

func (a accountStore) AccountByEmail(ctx context.Context, email string) (auth.Account, error) {
	u, err := a.s.StaffUserByEmail(ctx, email)
	return toAccount(u), notFound(err)
}

func (a accountStore) Account(ctx context.Context, id int64) (auth.Account, error) {
	u, err := a.s.StaffUser(ctx, id)
	return toAccount(u), notFound(err)
}

// notFound makes the store's ErrNotFound also match problem.ErrNotFound, the services' convention.
func notFound(err error) error {
	if errors.Is(err, ErrNotFound) && !errors.Is(err, problem.ErrNotFound) {
		return fmt.Errorf("%w (%w)", err, problem.ErrNotFound)
	}
	return err
}

func (a accountStore) AddAccount(ctx context.Context, acc auth.Account) (int64, error) {
	return a.s.AddStaffUser(ctx, StaffUser{Staff: acc.Staff, Team: acc.Team, PasswordHash: acc.PasswordHash})
}

func (a accountStore) SetAccountDisabled(ctx context.Context, id int64, disabled bool) error {
	return a.s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE staff_users SET disabled = ? WHERE id = ?`, disabled, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, ErrNotFound)
		}
		if disabled {
			return endCredentials(ctx, tx, id)
		}
		return nil
	})
}

func (a accountStore) SetAccountRole(ctx context.Context, id int64, role auth.Role) error {
	res, err := a.s.Exec(ctx, `UPDATE staff_users SET role = ? WHERE id = ?`, string(role), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, ErrNotFound)
	}
	return nil
}

func (a accountStore) SetAccountPassword(ctx context.Context, id int64, hash, keepSession string) error {
	return a.s.setPassword(ctx, id, hash, keepSession)
}

func (a accountStore) ActiveAdmins(ctx context.Context) (int, error) {
	var n int
	err := a.s.QueryRow(ctx, `SELECT COUNT(*) FROM staff_users WHERE role = ? AND NOT disabled`, string(auth.RoleAdmin)).Scan(&n)
	return n, err
}

func (a accountStore) AddToken(ctx context.Context, t auth.Token, hash string) (int64, error) {
	return a.s.AddScopedToken(ctx, t, hash)
}

func (a accountStore) Token(ctx context.Context, id int64) (auth.Token, error) {
	return a.s.APIToken(ctx, id)
}

func (a accountStore) DeleteToken(ctx context.Context, id int64) error {
	res, err := a.s.Exec(ctx, `DELETE FROM api_tokens WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, ErrNotFound)
	}
	return nil
}

func (a accountStore) AuditAccount(ctx context.Context, actor, action, objectType, objectID, detail string) error {
	return a.s.Audit(ctx, AuditEntry{Actor: actor, Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail})
}

func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
