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

// FollowUp is a search and the next search the same resident made after it, from the "try other words"
// box of its results page or from the search box on any page; the log links the two searches, never who
// made them.
type FollowUp struct {
	From, To               string
	FromResults, ToResults int
	FromClicked, ToClicked bool // a result of the search was opened
	FromAt, ToAt           time.Time
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
