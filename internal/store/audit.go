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
	// Before continues the list after this entry: the entries older than it (by time, then id).
	Before *AuditEntry
}

// AuditEntries lists matching entries, newest first, at most f.Limit (10,000 when not set); a page of
// the console's audit page, continued with Before.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 10000
	}
	var list []AuditEntry
	err := s.eachAuditEntry(ctx, f, func(e AuditEntry) error {
		list = append(list, e)
		return nil
	})
	return list, err
}

// EachAuditEntry calls fn for every matching entry, newest first, however many there are (the export),
// streamed row by row.
func (s *Store) EachAuditEntry(ctx context.Context, f AuditFilter, fn func(AuditEntry) error) error {
	f.Limit = 0
	return s.eachAuditEntry(ctx, f, fn)
}

func (s *Store) eachAuditEntry(ctx context.Context, f AuditFilter, fn func(AuditEntry) error) error {
	var where []string
	var args []any
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
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
	if b := f.Before; b != nil {
		add("(at < ? OR at = ? AND id < ?)", b.At.UTC(), b.At.UTC(), b.ID)
	}
	q := `SELECT id, at, actor, action, object_type, object_id, detail FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY at DESC, id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail); err != nil {
			return fmt.Errorf("read audit entry: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
