package store

import (
	"context"
	"fmt"
)

// Feedback is a resident's answer to "Was dit antwoord nuttig?".
type Feedback struct {
	ArticleID string
	Useful    bool
	Comment   string
}

// AddFeedback stores one answer to the usefulness question.
func (s *Store) AddFeedback(ctx context.Context, f Feedback) error {
	_, err := s.Exec(ctx, `INSERT INTO feedback (article_id, useful, comment, created_at) VALUES (?, ?, ?, ?)`,
		f.ArticleID, f.Useful, f.Comment, now())
	if err != nil {
		return fmt.Errorf("store feedback: %w", err)
	}
	return nil
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
