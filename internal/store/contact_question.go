package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
	"loket/internal/insight"
)

// recordUnansweredQuestion adds a conversation that is closed for the first time to the content gaps when
// an agent answered it without a suggested article: the knowledge base had no answer ready. Only the words
// of the resident's first message are kept (insight.QuestionWords), never the text, name or address.
func recordUnansweredQuestion(ctx context.Context, tx *Tx, c contact.Conversation, at time.Time) error {
	if c.Automatic || c.MergedInto != 0 {
		return nil
	}
	var replies, suggested int
	err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN suggestion_used <> '' THEN 1 ELSE 0 END), 0)
		FROM contact_messages WHERE conversation_id = ? AND kind = ?`, c.ID, contact.KindOut).Scan(&replies, &suggested)
	if err != nil {
		return fmt.Errorf("count replies: %w", err)
	}
	if replies == 0 || suggested > 0 {
		return nil
	}
	res, err := tx.Exec(ctx, `UPDATE contact_conversations SET question_recorded = ? WHERE id = ? AND question_recorded = ?`,
		true, c.ID, false)
	if err != nil {
		return fmt.Errorf("mark question: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // recorded at an earlier close
	}
	var subject, body string
	err = tx.QueryRow(ctx, `SELECT subject, body FROM contact_messages WHERE conversation_id = ? AND kind = ?
		ORDER BY created_at, id LIMIT 1`, c.ID, contact.KindIn).Scan(&subject, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // registered by an agent, nothing the resident wrote
	}
	if err != nil {
		return fmt.Errorf("first message: %w", err)
	}
	words := insight.QuestionWords(subject+"\n"+body, c.PartyName, strings.ReplaceAll(c.PartyEmail, ".", " "))
	if len(words) == 0 {
		return nil
	}
	_, err = tx.Exec(ctx, `INSERT INTO insight_questions (day, channel, words) VALUES (?, ?, ?)`,
		insight.Day(at), c.Channel, strings.Join(words, " "))
	if err != nil {
		return fmt.Errorf("store question: %w", err)
	}
	return nil
}
