package search

import (
	"errors"

	"loket/internal/kb"
)

// SuggestedAnswer is a knowledge-base answer proposed to an agent for a message, with the reply text the
// agent can insert.
type SuggestedAnswer struct {
	ID, Title, Summary, Text, Path string
	Score                          float64
}

// SuggestReplies returns the three best answers to a message, each with a reply text that ends in a link
// to the article under baseURL, for the console and the API alike; a message no search can read has none.
func (ix *Index) SuggestReplies(baseURL, text string) ([]SuggestedAnswer, error) {
	hits, err := ix.SuggestAnswers(text, 3)
	if errors.Is(err, ErrBadQuery) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []SuggestedAnswer
	for _, h := range hits {
		path := kb.PathFor(h.Type, h.ID)
		list = append(list, SuggestedAnswer{ID: h.ID, Title: h.Title, Summary: h.Summary, Score: h.Score, Path: path,
			Text: h.Summary + "\n\nMeer informatie: " + baseURL + path})
	}
	return list, nil
}
