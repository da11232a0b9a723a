package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AuditEntry is one line of the audit log: who saw or changed what.
type AuditEntry struct {
	ID         int64
	At         time.Time
	Actor      string // the staff member's e-mail address, or "system"
	Action     string // view, create, update, delete, publish, login, ...
	ObjectType string // article, conversation, request, user, ...
	ObjectID   string
	Detail     string
}

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	_, err := s.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		e.At.UTC(), e.Actor, e.Action, e.ObjectType, e.ObjectID, e.Detail)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// AuditFilter selects audit entries; empty fields match everything.
type AuditFilter struct {
	Actor, Action, ObjectType, ObjectID string
	From, To                            time.Time
	Limit                               int
}

// AuditEntries lists matching entries, newest first.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	q := `SELECT id, at, actor, action, object_type, object_id, detail FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 10000
	}
	rows, err := s.Query(ctx, q+fmt.Sprintf(" ORDER BY at DESC, id DESC LIMIT %d", f.Limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail); err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}
