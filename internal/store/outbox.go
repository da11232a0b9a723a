package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
	"loket/internal/outbox"
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
	at := s.now()
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
	claimed, err := leaseDue(ctx, s, due, func(m QueuedMail) int64 { return m.ID }, at, lease)
	if err != nil {
		return claimed, err
	}
	return claimed, s.outboxAttachments(ctx, claimed)
}

// outboxAttachments adds the files queued with the claimed mails (an appointment's calendar file).
func (s *Store) outboxAttachments(ctx context.Context, mails []QueuedMail) error {
	for i := range mails {
		rows, err := s.Query(ctx, `SELECT filename, content_type, data FROM outbox_attachments WHERE outbox_id = ? ORDER BY id`, mails[i].ID)
		if err != nil {
			return fmt.Errorf("read outbox attachments: %w", err)
		}
		list, err := scanAll(rows, func(r scanner) (contact.Attachment, error) {
			var a contact.Attachment
			err := r.Scan(&a.Filename, &a.ContentType, &a.Data)
			a.Size = int64(len(a.Data))
			return a, err
		})
		if err != nil {
			return err
		}
		mails[i].Attachments = list
	}
	return nil
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
	at := s.now()
	_, err := s.Exec(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`,
		contact.DeliverySent, at, id)
	return err
}

// MarkOutboxFailed records a failed attempt: the mail is tried again at retryAt, or given up when retryAt is zero.
// retryAt is kept to the microsecond, the store's clock's resolution (and PostgreSQL's), so that the mail is
// due when that clock reads retryAt and not a tick later.
func (s *Store) MarkOutboxFailed(ctx context.Context, id int64, cause string, retryAt time.Time) error {
	state, next := contact.DeliveryQueued, retryAt.Truncate(time.Microsecond)
	if retryAt.IsZero() {
		state, next = contact.DeliveryFailed, s.now()
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

// MailQueue is the e-mail outbox as the outbox worker sees it.
type MailQueue struct{ s *Store }

// MailQueue returns the e-mail outbox for an outbox.Worker.
func (s *Store) MailQueue() MailQueue { return MailQueue{s} }

// Claim takes up to limit due e-mails under a lease.
func (q MailQueue) Claim(ctx context.Context, limit int, lease time.Duration) ([]outbox.Job[contact.OutMail], error) {
	due, err := q.s.ClaimOutbox(ctx, limit, lease)
	jobs := make([]outbox.Job[contact.OutMail], len(due))
	for i, m := range due {
		jobs[i] = outbox.Job[contact.OutMail]{ID: m.ID, Attempts: m.Attempts, Item: m.OutMail}
	}
	return jobs, err
}

// Sent records a delivered e-mail.
func (q MailQueue) Sent(ctx context.Context, job outbox.Job[contact.OutMail], _ string) error {
	return q.s.MarkOutboxSent(ctx, job.ID)
}

// Failed records a failed attempt.
func (q MailQueue) Failed(ctx context.Context, id int64, cause string, retryAt time.Time) error {
	return q.s.MarkOutboxFailed(ctx, id, cause, retryAt)
}

// Release hands claimed e-mails back, due at once.
func (q MailQueue) Release(ctx context.Context, ids []int64) error {
	return q.s.releaseOutbox(ctx, ids)
}

// WhatsAppQueue is the WhatsApp outbox as the outbox worker sees it.
type WhatsAppQueue struct{ s *Store }

// WhatsAppQueue returns the WhatsApp outbox for an outbox.Worker.
func (s *Store) WhatsAppQueue() WhatsAppQueue { return WhatsAppQueue{s} }

// Claim takes up to limit due WhatsApp messages under a lease.
func (q WhatsAppQueue) Claim(ctx context.Context, limit int, lease time.Duration) ([]outbox.Job[QueuedWhatsApp], error) {
	due, err := q.s.ClaimWhatsAppOutbox(ctx, limit, lease)
	jobs := make([]outbox.Job[QueuedWhatsApp], len(due))
	for i, m := range due {
		jobs[i] = outbox.Job[QueuedWhatsApp]{ID: m.ID, Attempts: m.Attempts, Item: m}
	}
	return jobs, err
}

// Sent records that the Graph API accepted a message, with the wamid it gave it.
func (q WhatsAppQueue) Sent(ctx context.Context, job outbox.Job[QueuedWhatsApp], waID string) error {
	return q.s.MarkWhatsAppSent(ctx, job.Item, waID)
}

// Failed records a failed attempt.
func (q WhatsAppQueue) Failed(ctx context.Context, id int64, cause string, retryAt time.Time) error {
	return q.s.MarkOutboxFailed(ctx, id, cause, retryAt)
}

// Release hands claimed messages back, due at once.
func (q WhatsAppQueue) Release(ctx context.Context, ids []int64) error {
	return q.s.releaseOutbox(ctx, ids)
}

// releaseOutbox makes claimed, still queued rows due now, without counting an attempt.
func (s *Store) releaseOutbox(ctx context.Context, ids []int64) error {
	at := s.now()
	for _, id := range ids {
		if _, err := s.Exec(ctx, `UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = ?`, at, id, contact.DeliveryQueued); err != nil {
			return fmt.Errorf("release outbox %d: %w", id, err)
		}
	}
	return nil
}
