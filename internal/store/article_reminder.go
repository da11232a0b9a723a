package store

import (
	"context"
	"fmt"
	"time"

	"loket/internal/contact"
	"loket/internal/kb"
)

// ReviewDue lists the articles whose review date lies before the given day (YYYY-MM-DD), by owner team
// and review date.
func (s *Store) ReviewDue(ctx context.Context, before string) ([]kb.DueArticle, error) {
	rows, err := s.Query(ctx, `SELECT id, title, owner, review_by FROM articles WHERE review_by < ?
		ORDER BY owner, review_by, title`, before)
	if err != nil {
		return nil, fmt.Errorf("list articles due for review: %w", err)
	}
	defer rows.Close()
	var out []kb.DueArticle
	for rows.Next() {
		var a kb.DueArticle
		if err := rows.Scan(&a.ID, &a.Title, &a.Owner, &a.ReviewBy); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// TeamAddresses lists the e-mail addresses of the active staff of a team.
func (s *Store) TeamAddresses(ctx context.Context, team string) ([]string, error) {
	rows, err := s.Query(ctx, `SELECT email FROM staff_users WHERE team = ? AND NOT disabled ORDER BY email`, team)
	if err != nil {
		return nil, fmt.Errorf("list team addresses: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// QueueReviewReminder puts a team's reminder mails in the outbox and records the reminder as sent at
// sentAt, in one transaction, unless the team got one after notBefore; it reports whether it queued
// them. Two instances running the reminder at once queue it once: the second waits for the first's row.
func (s *Store) QueueReviewReminder(ctx context.Context, team string, articles int, sentAt, notBefore time.Time, mails []kb.Mail) (bool, error) {
	queued := false
	err := s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		res, err := tx.Exec(ctx, `INSERT INTO review_reminders (team, sent_at, articles) VALUES (?, ?, ?)
			ON CONFLICT (team) DO UPDATE SET sent_at = excluded.sent_at, articles = excluded.articles
			WHERE review_reminders.sent_at <= ?`, team, sentAt.UTC(), articles, notBefore.UTC())
		if err != nil {
			return fmt.Errorf("record review reminder: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		for _, m := range mails {
			_, err := tx.Exec(ctx, `INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at, channel)
				VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, 'email')`,
				contact.Mailer{}.NewMailID(), m.To, m.Subject, m.Body, contact.DeliveryQueued, at, at)
			if err != nil {
				return fmt.Errorf("queue review reminder: %w", err)
			}
		}
		queued = true
		return nil
	})
	return queued, err
}

// The store is the review reminder's storage.
var _ kb.ReminderStore = (*Store)(nil)
