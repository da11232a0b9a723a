package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"loket/internal/contact"
	"loket/internal/request"
)

// OutboxMail is an e-mail to a requester in the outbox.
type OutboxMail struct {
	ID int64
	request.Mail
	CreatedAt time.Time
	SentAt    time.Time
}

// enqueueRequestMail puts a mail in the outbox inside the transaction that caused it, so a mail is
// queued exactly when the change it reports is committed. The outbox's sender delivers it with retries;
// it belongs to no conversation, so it has no contact message.
func enqueueRequestMail(ctx context.Context, tx *Tx, m request.Mail) error {
	if m.To == "" {
		return nil
	}
	at, mailID := tx.s.now(), contact.Mailer{}.NewMailID()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at, channel)
		VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, 'email') RETURNING id`,
		mailID, m.To, m.Subject, m.Body, contact.DeliveryQueued, at, at).Scan(&id)
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	if a := m.Attachment; a != nil { // a hearing's calendar file: sent with the mail like any outbox file
		if _, err := tx.Exec(ctx, `INSERT INTO outbox_attachments (outbox_id, filename, content_type, data) VALUES (?, ?, ?, ?)`,
			id, a.Name, a.ContentType, a.Data); err != nil {
			return fmt.Errorf("queue mail attachment: %w", err)
		}
	}
	return nil
}

// QueueRequestMail puts one mail in the outbox (a draft link, which changes nothing else).
func (s *Store) QueueRequestMail(ctx context.Context, m request.Mail) error {
	return s.InTx(ctx, func(tx *Tx) error { return enqueueRequestMail(ctx, tx, m) })
}

// RequestMails lists the request mails to an address, newest first.
func (s *Store) RequestMails(ctx context.Context, to string) ([]OutboxMail, error) {
	rows, err := s.Query(ctx, `SELECT id, recipient, subject, body, created_at, sent_at FROM outbox
		WHERE message_id IS NULL AND channel = 'email' AND recipient = ? ORDER BY id DESC`, to)
	if err != nil {
		return nil, fmt.Errorf("list mails: %w", err)
	}
	defer rows.Close()
	var list []OutboxMail
	for rows.Next() {
		var m OutboxMail
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &sent); err != nil {
			return nil, err
		}
		m.SentAt = sent.Time
		list = append(list, m)
	}
	return list, rows.Err()
}
