// Package kb holds the knowledge base: articles of type product and vac, their validation, and the
// JSON import/export format of the demo knowledge base (docs/kb-format.md).
package kb

import (
	"fmt"
	"time"

	"loket/internal/problem"
)

// Article types.
const (
	TypeProduct = "product"
	TypeVAC     = "vac"
)

// Article states.
const (
	StateDraft     = "draft"
	StatePublished = "published"
)

// ErrNotFound is returned when an article does not exist; it matches problem.ErrNotFound.
var ErrNotFound = fmt.Errorf("kb: article %w", problem.ErrNotFound)

// Article is one knowledge-base item in the import/export format.
type Article struct {
	ID           string   `json:"id"`
	Type         string   `json:"type"`
	Title        string   `json:"title"`
	UPL          string   `json:"upl"`
	Audience     []string `json:"audience"`
	Theme        string   `json:"theme"`
	Summary      string   `json:"summary"`
	Body         string   `json:"body"`
	Keywords     []string `json:"keywords"`
	Internal     string   `json:"internal"`
	Cost         string   `json:"cost"`
	LeadTime     string   `json:"lead_time"`
	Channels     []string `json:"channels"`
	DeadlineDays int      `json:"deadline_days"`
	Related      []string `json:"related"`
	ReviewBy     string   `json:"review_by"`
	Owner        string   `json:"owner"`
	// Questions are the ways residents ask for this article ("Zo vragen inwoners het"), one question each;
	// search treats them as a field of their own.
	Questions []string `json:"questions,omitempty"`
	// English is the English version of the public text (the Single Digital Gateway asks for one for many
	// products); nil when the article has none.
	English *EnglishText `json:"english,omitempty"`
	// State is draft or published; absent in an import file means published.
	State string `json:"state,omitempty"`
	// UpdatedAt is set by the store.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// EnglishText is the English version of an article's public text.
type EnglishText struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body,omitempty"`
}

// Published reports whether residents may see the article.
func (a *Article) Published() bool { return a.State == "" || a.State == StatePublished }

// stateName is a state as editors read it in the audit log.
func stateName(state string) string {
	if state == StateDraft {
		return "concept"
	}
	return "gepubliceerd"
}
