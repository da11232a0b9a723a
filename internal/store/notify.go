package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
)

func newOrigin() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Origin names this process in the change notifications it sends, so that it can skip its own.
func (s *Store) Origin() string { return s.origin }

// notify announces a change to the other instances on the same PostgreSQL: through tx it is delivered
// when tx commits and not at all when it rolls back; with tx nil it is sent at once. SQLite runs one
// instance and needs no notification. This is the only place that sends one.
func (s *Store) notify(ctx context.Context, tx *Tx, channel, payload string) error {
	if s.dialect != Postgres {
		return nil
	}
	const q = `SELECT pg_notify(?, ?)`
	if tx != nil {
		_, err := tx.Exec(ctx, q, s.Channel(channel), payload)
		return err
	}
	_, err := s.Exec(ctx, q, s.Channel(channel), payload)
	return err
}

// OriginPayload splits a notification payload written by notifyFrom into the sending instance and the
// payload it sent.
func OriginPayload(raw string) (origin, payload string) {
	origin, payload, _ = strings.Cut(raw, "|")
	return origin, payload
}

// notifyFrom is notify with this instance's origin in front of the payload, for channels whose receivers
// have already applied their own changes and skip them (see OriginPayload).
func (s *Store) notifyFrom(ctx context.Context, tx *Tx, channel, payload string) error {
	return s.notify(ctx, tx, channel, s.origin+"|"+payload)
}
