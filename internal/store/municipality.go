package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"loket/internal/problem"
)

// SettingsChannel carries "the municipality settings changed" to the other instances.
const SettingsChannel = "loket_settings"

// MunicipalitySettings returns the saved settings as JSON, or problem.ErrNotFound before the first save.
func (s *Store) MunicipalitySettings(ctx context.Context) ([]byte, error) {
	var body string
	err := s.QueryRow(ctx, `SELECT body FROM municipality_settings WHERE id = 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read municipality settings: %w", err)
	}
	return []byte(body), nil
}

// SaveMunicipalitySettings saves the settings and the audit entry in one transaction, and tells the other
// instances on commit.
func (s *Store) SaveMunicipalitySettings(ctx context.Context, body []byte, actor, detail string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		_, err := tx.Exec(ctx, `INSERT INTO municipality_settings (id, body, updated_at, updated_by) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			string(body), at, actor)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			at, actor, "update", "municipality", "settings", detail)
		if err != nil {
			return err
		}
		return s.notify(ctx, tx, SettingsChannel, "")
	})
}
