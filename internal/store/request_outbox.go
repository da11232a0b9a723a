package store

import (
	"context"
	"fmt"
	"time"

	"loket/internal/request"
)

// OutboxMail is an e-mail to a requester waiting in the request outbox.
type OutboxMail struct {
	ID int64
	request.Mail
	CreatedAt time.Time
	SentAt    time.Time
}

// enqueueRequestMail puts a mail in the outbox inside the transaction that caused it, so a mail is
// queued exactly when the change it reports is committed.
func enqueueRequestMail(ctx context.Context, tx *Tx, m request.Mail) error {
	if m.To == "" {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO request_outbox (to_addr, subject, body, created_at) VALUES (?, ?, ?, ?)`,
		m.To, m.Subject, m.Body, now())
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	return nil
}

// QueueRequestMail puts one mail in the outbox (a draft link, which changes nothing else).
func (s *Store) QueueRequestMail(ctx context.Context, m request.Mail) error {
	return s.InTx(ctx, func(tx *Tx) error { return enqueueRequestMail(ctx, tx, m) })
}

// RequestMails lists the mails to an address, newest first.
func (s *Store) RequestMails(ctx context.Context, to string) ([]OutboxMail, error) {
	rows, err := s.Query(ctx, `SELECT id, to_addr, subject, body, created_at FROM request_outbox WHERE to_addr = ? ORDER BY id DESC`, to)
	if err != nil {
		return nil, fmt.Errorf("list mails: %w", err)
	}
	defer rows.Close()
	var list []OutboxMail
	for rows.Next() {
		var m OutboxMail
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt); err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return list, rows.Err()
}
