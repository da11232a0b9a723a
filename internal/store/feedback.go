package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Feedback is a resident's answer to "Was dit antwoord nuttig?".
type Feedback struct {
	ArticleID string
	Useful    bool
	Comment   string
	At        time.Time // when it was given; zero means now
}

// AddFeedback stores one answer to the usefulness question.
func (s *Store) AddFeedback(ctx context.Context, f Feedback) error {
	return s.AddFeedbacks(ctx, []Feedback{f})
}

// AddFeedbacks stores many answers in one transaction, as a bulk load of earlier answers does.
func (s *Store) AddFeedbacks(ctx context.Context, list []Feedback) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for start := 0; start < len(list); start += 500 {
			chunk := list[start:min(start+500, len(list))]
			var b strings.Builder
			args := make([]any, 0, 4*len(chunk))
			for i, f := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?)")
				at := s.now()
				if !f.At.IsZero() {
					at = f.At.UTC()
				}
				args = append(args, f.ArticleID, f.Useful, f.Comment, at)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO feedback (article_id, useful, comment, created_at) VALUES `+b.String(), args...); err != nil {
				return fmt.Errorf("store feedback: %w", err)
			}
		}
		return nil
	})
}

// FeedbackCount is the number of useful and not-useful answers for an article.
type FeedbackCount struct {
	Useful, NotUseful int
}

// FeedbackFor counts the answers for one article.
func (s *Store) FeedbackFor(ctx context.Context, articleID string) (FeedbackCount, error) {
	var c FeedbackCount
	err := s.QueryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN useful THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN useful THEN 0 ELSE 1 END), 0)
		FROM feedback WHERE article_id = ?`, articleID).Scan(&c.Useful, &c.NotUseful)
	if err != nil {
		return c, fmt.Errorf("count feedback: %w", err)
	}
	return c, nil
}
