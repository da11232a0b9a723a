package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/contact"
)

// EachServiceLevelClock calls fn for every conversation created since t that counts for service levels
// (not merged, not automatic), with only the fields its clock reads (channel, state and the clock's times),
// streamed row by row: no joins, no message counts, nothing held.
func (s *Store) EachServiceLevelClock(ctx context.Context, t time.Time, fn func(contact.Conversation)) error {
	return s.eachServiceLevelClock(ctx, `created_at >= ?`, []any{t.UTC()}, fn)
}

// EachServiceLevelClockIn is EachServiceLevelClock for the conversations created from one moment up to
// another (a month of the monthly report).
func (s *Store) EachServiceLevelClockIn(ctx context.Context, from, to time.Time, fn func(contact.Conversation)) error {
	return s.eachServiceLevelClock(ctx, `created_at >= ? AND created_at < ?`, []any{from.UTC(), to.UTC()}, fn)
}

func (s *Store) eachServiceLevelClock(ctx context.Context, period string, args []any, fn func(contact.Conversation)) error {
	rows, err := s.Query(ctx, `SELECT channel, state, created_at, first_response_at, closed_at, waiting_since,
		paused_seconds FROM contact_conversations WHERE merged_into IS NULL AND automatic = ? AND `+period,
		append([]any{false}, args...)...)
	if err != nil {
		return fmt.Errorf("read service-level clocks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c contact.Conversation
		var first, closed, waiting sql.NullTime
		var paused int64
		if err := rows.Scan(&c.Channel, &c.State, &c.CreatedAt, &first, &closed, &waiting, &paused); err != nil {
			return fmt.Errorf("read service-level clock: %w", err)
		}
		c.FirstResponseAt, c.ClosedAt, c.WaitingSince = first.Time, closed.Time, waiting.Time
		c.Paused = time.Duration(paused) * time.Second
		fn(c)
	}
	return rows.Err()
}

// SaveServiceLevelRollup replaces the stored service-level figures with shares, counted over the
// conversations since the given time, at rolledAt.
func (s *Store) SaveServiceLevelRollup(ctx context.Context, shares []contact.Share, since, rolledAt time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM service_level_rollup`); err != nil {
			return fmt.Errorf("clear service-level rollup: %w", err)
		}
		if err := insertShares(ctx, tx, `service_level_rollup (`, nil, shares); err != nil {
			return fmt.Errorf("save service-level rollup: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO service_level_rollup_state (id, since, rolled_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET since = excluded.since, rolled_at = excluded.rolled_at`, since.UTC(), rolledAt.UTC())
		if err != nil {
			return fmt.Errorf("save service-level rollup time: %w", err)
		}
		return nil
	})
}

// ServiceLevelRollup returns the stored service-level figures in the order of contact.Channels with when
// they were counted; a zero time means they never were.
func (s *Store) ServiceLevelRollup(ctx context.Context) ([]contact.Share, time.Time, error) {
	var rolledAt time.Time
	err := s.QueryRow(ctx, `SELECT rolled_at FROM service_level_rollup_state WHERE id = 1`).Scan(&rolledAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read service-level rollup time: %w", err)
	}
	shares, err := s.shares(ctx, `service_level_rollup`)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read service-level rollup: %w", err)
	}
	return shares, rolledAt, nil
}

// SaveServiceLevelMonth replaces the stored service-level figures of month (YYYY-MM) with shares, counted
// at rolledAt.
func (s *Store) SaveServiceLevelMonth(ctx context.Context, month string, shares []contact.Share, rolledAt time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM service_level_months WHERE month = ?`, month); err != nil {
			return fmt.Errorf("clear service levels of %s: %w", month, err)
		}
		if err := insertShares(ctx, tx, `service_level_months (month, `, []any{month}, shares); err != nil {
			return fmt.Errorf("save service levels of %s: %w", month, err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO service_level_month_state (month, rolled_at) VALUES (?, ?)
			ON CONFLICT (month) DO UPDATE SET rolled_at = excluded.rolled_at`, month, rolledAt.UTC())
		if err != nil {
			return fmt.Errorf("save service levels of %s: %w", month, err)
		}
		return nil
	})
}

// ServiceLevelMonth returns the stored service-level figures of month (YYYY-MM) in the order of
// contact.Channels with when they were counted; a zero time means they never were.
func (s *Store) ServiceLevelMonth(ctx context.Context, month string) ([]contact.Share, time.Time, error) {
	var rolledAt time.Time
	err := s.QueryRow(ctx, `SELECT rolled_at FROM service_level_month_state WHERE month = ?`, month).Scan(&rolledAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read service levels of %s: %w", month, err)
	}
	shares, err := s.shares(ctx, `service_level_months WHERE month = ?`, month)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read service levels of %s: %w", month, err)
	}
	return shares, rolledAt, nil
}

// insertShares stores one row per channel's share; table opens the column list ("t (" or "t (month, ")
// and key holds the values of the columns it names before the share's own.
func insertShares(ctx context.Context, tx *Tx, table string, key []any, shares []contact.Share) error {
	marks := ""
	for range key {
		marks += "?, "
	}
	for _, sh := range shares {
		args := append(append([]any{}, key...), sh.Channel, sh.Conversations, sh.FirstMet, sh.FirstDecided, sh.FinalMet, sh.FinalDecided)
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+`channel, conversations, first_met, first_decided, final_met,
			final_decided) VALUES (`+marks+`?, ?, ?, ?, ?, ?)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// shares reads the stored shares from a table (with its condition) in the order of contact.Channels.
func (s *Store) shares(ctx context.Context, from string, args ...any) ([]contact.Share, error) {
	rows, err := s.Query(ctx, `SELECT channel, conversations, first_met, first_decided, final_met, final_decided
		FROM `+from, args...)
	if err != nil {
		return nil, err
	}
	list, err := scanAll(rows, func(row scanner) (contact.Share, error) {
		var sh contact.Share
		err := row.Scan(&sh.Channel, &sh.Conversations, &sh.FirstMet, &sh.FirstDecided, &sh.FinalMet, &sh.FinalDecided)
		return sh, err
	})
	if err != nil {
		return nil, err
	}
	byChannel := make(map[string]contact.Share, len(list))
	for _, sh := range list {
		byChannel[sh.Channel] = sh
	}
	var ordered []contact.Share
	for _, ch := range contact.Channels {
		if sh, ok := byChannel[ch]; ok {
			ordered = append(ordered, sh)
		}
	}
	return ordered, nil
}
