package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
)

// QueuedMail is one queued e-mail, claimed by a sender for a while.
type QueuedMail struct {
	ID       int64
	Attempts int // attempts made before this one
	contact.OutMail
}

// ClaimOutbox takes up to limit due e-mails and hides them from other senders for lease, so several
// instances can send from one database without sending a mail twice at the same time.
func (s *Store) ClaimOutbox(ctx context.Context, limit int, lease time.Duration) ([]QueuedMail, error) {
	at := now()
	// A mail without a contact message (a request's confirmation or update) is one loket sends by itself.
	rows, err := s.Query(ctx, `SELECT o.id, o.attempts, o.mail_id, o.recipient, o.subject, o.body, o.in_reply_to, o.refs,
		COALESCE(m.kind, '`+contact.KindAuto+`')
		FROM outbox o LEFT JOIN contact_messages m ON m.id = o.message_id
		WHERE o.channel = 'email' AND o.state = ? AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?`, contact.DeliveryQueued, at, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	var due []QueuedMail
	for rows.Next() {
		var m QueuedMail
		var refs, kind string
		if err := rows.Scan(&m.ID, &m.Attempts, &m.MailID, &m.To, &m.Subject, &m.Body, &m.InReplyTo, &refs, &kind); err != nil {
			rows.Close()
			return nil, err
		}
		m.References, m.Automatic = strings.Fields(refs), kind == contact.KindAuto
		due = append(due, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return leaseDue(ctx, s, due, func(m QueuedMail) int64 { return m.ID }, at, lease)
}

// leaseDue hides the due outbox rows from other senders until at+lease and returns the ones this caller
// won: a row another instance leased in between is left out. E-mail and WhatsApp senders share it.
func leaseDue[T any](ctx context.Context, s *Store, due []T, id func(T) int64, at time.Time, lease time.Duration) ([]T, error) {
	var claimed []T
	for _, m := range due {
		res, err := s.Exec(ctx, `UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = ? AND next_attempt_at <= ?`,
			at.Add(lease), id(m), contact.DeliveryQueued, at)
		if err != nil {
			return claimed, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return claimed, err
		}
		if n == 1 {
			claimed = append(claimed, m)
		}
	}
	return claimed, nil
}

// MarkOutboxSent records a delivered e-mail.
func (s *Store) MarkOutboxSent(ctx context.Context, id int64) error {
	at := now()
	_, err := s.Exec(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`,
		contact.DeliverySent, at, id)
	return err
}

// MarkOutboxFailed records a failed attempt: the mail is tried again at retryAt, or given up when retryAt is zero.
func (s *Store) MarkOutboxFailed(ctx context.Context, id int64, cause string, retryAt time.Time) error {
	state, next := contact.DeliveryQueued, retryAt
	if retryAt.IsZero() {
		state, next = contact.DeliveryFailed, now()
	}
	_, err := s.Exec(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`,
		state, truncateRunes(cause, 500), next.UTC(), id)
	return err
}

// OutboxCounts counts the messages still queued and those that failed, for the inbox header. Sent
// messages, nearly all of the table, are not counted: the index on (state, next_attempt_at) lets the count
// read only the queued and failed rows, so it does not grow with the messages sent over the years.
func (s *Store) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.Query(ctx, `SELECT state, COUNT(*) FROM outbox WHERE state IN (?, ?) GROUP BY state`,
		contact.DeliveryQueued, contact.DeliveryFailed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		counts[state] = n
	}
	return counts, rows.Err()
}
