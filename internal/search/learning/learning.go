// Package learning holds the records that learning from residents reads from the search log and writes
// back, shared by search (which proposes) and store (which keeps them) without either importing the other.
package learning

import "time"

// ClickedSearch is a query and an article residents opened from its results, with how often.
type ClickedSearch struct {
	Query     string
	ArticleID string
	Clicks    int
}

// Reformulation is a search without results followed, on the same results page, by one with results.
type Reformulation struct {
	From, To string
	Count    int
}

// ProposalKey identifies a proposal, for the editor's decision.
type ProposalKey struct {
	Kind, ArticleID, From, To string
}

// Decision is an editor's verdict on a proposal.
type Decision struct {
	ProposalKey
	Accepted  bool
	DecidedBy string
	DecidedAt time.Time
}
