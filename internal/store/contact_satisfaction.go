package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/auth"
	"loket/internal/contact"
)

// askSatisfaction sends the satisfaction question of a closed conversation once, by e-mail; only the hash
// of the link's secret is stored.
func (s *Store) askSatisfaction(ctx context.Context, tx *Tx, c contact.Conversation, at time.Time, set contact.Settings) error {
	if c.Automatic || c.PartyEmail == "" {
		return nil
	}
	var exists int
	err := tx.QueryRow(ctx, `SELECT 1 FROM contact_satisfaction WHERE conversation_id = ?`, c.ID).Scan(&exists)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	token := auth.NewSecret()
	if _, err := tx.Exec(ctx, `INSERT INTO contact_satisfaction (conversation_id, token_hash, created_at) VALUES (?, ?, ?)`,
		c.ID, auth.HashSecret(token), at); err != nil {
		return err
	}
	_, err = s.enqueueMail(ctx, tx, c, contact.KindAuto, "loket", set.Mailer.Satisfaction(c, token), "", at)
	return err
}

// Satisfaction is a resident's answer to the satisfaction question.
type Satisfaction struct {
	ConversationID int64
	Reference      string
	Score          int
	Comment        string
	AnsweredAt     time.Time
}

// SatisfactionByToken finds the question behind a resident's link.
func (s *Store) SatisfactionByToken(ctx context.Context, token string) (Satisfaction, error) {
	var r Satisfaction
	var score sql.NullInt64
	var answered sql.NullTime
	err := s.QueryRow(ctx, `SELECT s.conversation_id, c.reference, s.score, s.comment, s.answered_at FROM contact_satisfaction s
		JOIN contact_conversations c ON c.id = s.conversation_id WHERE s.token_hash = ?`, auth.HashSecret(token)).
		Scan(&r.ConversationID, &r.Reference, &score, &r.Comment, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return r, contact.ErrNotFound
	}
	r.Score, r.AnsweredAt = int(score.Int64), answered.Time
	return r, err
}

// AnswerSatisfaction records a score from 1 to 5 and an optional comment; a later answer replaces it.
func (s *Store) AnswerSatisfaction(ctx context.Context, token string, score int, comment string) error {
	if score < 1 || score > 5 {
		return fmt.Errorf("%w: score %d", contact.ErrInvalid, score)
	}
	res, err := s.Exec(ctx, `UPDATE contact_satisfaction SET score = ?, comment = ?, answered_at = ? WHERE token_hash = ?`,
		score, comment, s.now(), auth.HashSecret(token))
	return oneRowChanged(res, err)
}

// SatisfactionScores averages the answered scores per channel.
func (s *Store) SatisfactionScores(ctx context.Context, since time.Time) (map[string]float64, map[string]int, error) {
	rows, err := s.Query(ctx, `SELECT c.channel, AVG(s.score * 1.0), COUNT(*) FROM contact_satisfaction s
		JOIN contact_conversations c ON c.id = s.conversation_id WHERE s.score IS NOT NULL AND s.created_at >= ?
		GROUP BY c.channel`, since.UTC())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	avg, n := map[string]float64{}, map[string]int{}
	for rows.Next() {
		var ch string
		var a float64
		var c int
		if err := rows.Scan(&ch, &a, &c); err != nil {
			return nil, nil, err
		}
		avg[ch], n[ch] = a, c
	}
	return avg, n, rows.Err()
}
