package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"loket/internal/problem"
)

// ChannelsPayload is the payload on SettingsChannel that says the channel settings changed (the
// municipality settings send an empty one).
const ChannelsPayload = "channels"

// MunicipalityChannels returns the saved channel settings as JSON (secrets sealed), or problem.ErrNotFound
// before the first save.
func (s *Store) MunicipalityChannels(ctx context.Context) ([]byte, error) {
	var body string
	err := s.QueryRow(ctx, `SELECT body FROM municipality_channels WHERE id = 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read channel settings: %w", err)
	}
	return []byte(body), nil
}

// SaveMunicipalityChannels saves the channel settings and the audit entry in one transaction, and tells the
// other instances on commit.
func (s *Store) SaveMunicipalityChannels(ctx context.Context, body []byte, actor, detail string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		_, err := tx.Exec(ctx, `INSERT INTO municipality_channels (id, body, updated_at, updated_by) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			string(body), at, actor)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			at, actor, "update", "municipality", "channels", detail)
		if err != nil {
			return err
		}
		return s.notify(ctx, tx, SettingsChannel, ChannelsPayload)
	})
}
