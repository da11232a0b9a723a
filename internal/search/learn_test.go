package search

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"loket/internal/kb"
)

// memLearning is an in-memory LearningStore.
type memLearning struct {
	clicked  []ClickedSearch
	refs     []Reformulation
	decided  map[ProposalKey]bool
	articles map[string]kb.Article
	local    string
}

func (m *memLearning) ClickedSearches(context.Context, time.Time, int) ([]ClickedSearch, error) {
	return m.clicked, nil
}
func (m *memLearning) Reformulations(context.Context, time.Time, int) ([]Reformulation, error) {
	return m.refs, nil
}
func (m *memLearning) ProposalDecisions(context.Context) (map[ProposalKey]bool, error) {
	out := map[ProposalKey]bool{}
	for k, v := range m.decided {
		out[k] = v
	}
	return out, nil
}
func (m *memLearning) DecideProposal(_ context.Context, d Decision) error {
	m.decided[d.ProposalKey] = d.Accepted
	return nil
}
func (m *memLearning) Article(_ context.Context, id string) (kb.Article, error) {
	a, ok := m.articles[id]
	if !ok {
		return a, kb.ErrNotFound
	}
	return a, nil
}
func (m *memLearning) SaveArticle(_ context.Context, a kb.Article, _ string) error {
	m.articles[a.ID] = a
	return nil
}
func (m *memLearning) LocalWords(context.Context) (string, error) { return m.local, nil }
func (m *memLearning) SaveLocalWords(_ context.Context, body, _ string) error {
	m.local = body
	return nil
}

func TestLearnerProposesAndApplies(t *testing.T) {
	grofvuil := article("grofvuil", "Afval", "Grofvuil laten ophalen", "Wij halen grote spullen bij u op.")
	paspoort := article("paspoort", "Burgerzaken", "Paspoort aanvragen", "Vraag een paspoort aan.")
	for _, a := range []*kb.Article{&grofvuil, &paspoort} { // saved articles have an owner and a review date
		a.Owner, a.ReviewBy = "Team Online", "2027-06-30"
	}
	ix := indexOf(t, "", grofvuil, paspoort)
	m := &memLearning{decided: map[ProposalKey]bool{}, articles: map[string]kb.Article{"grofvuil": grofvuil, "paspoort": paspoort},
		clicked: []ClickedSearch{
			{Query: "Zolder opruimen", ArticleID: "grofvuil", Clicks: 7},    // search does not find grofvuil for it: proposed
			{Query: "paspoort aanvragen", ArticleID: "paspoort", Clicks: 9}, // already first: not proposed
			{Query: "bank", ArticleID: "grofvuil", Clicks: 5},               // one word: a keyword, not a question
			{Query: "zolder opruimen", ArticleID: "verdwenen", Clicks: 4},   // no such article
		},
		refs: []Reformulation{
			{From: "kliekoo kapot", To: "container kapot", Count: 3},
			{From: "de kliekoo", To: "container", Count: 2}, // the same rule once stop words are left out
			{From: "paspoort", To: "paspoort", Count: 5},    // nothing changed
		}}
	l := &Learner{Store: m, Index: ix, Now: func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }}
	ctx := context.Background()
	got, err := l.Proposals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	variant := ProposalKey{Kind: ProposalVariant, ArticleID: "grofvuil", From: "zolder opruimen"}
	rule := ProposalKey{Kind: ProposalSynonym, From: "kliekoo", To: "container"}
	if len(got) != 2 || got[0].ProposalKey != variant || got[0].Evidence != 7 || got[1].ProposalKey != rule || got[1].Evidence != 5 {
		t.Fatalf("proposals = %+v, want the variant (7 clicks) and the rule (3+2 reformulations)", got)
	}

	if err := l.Decide(ctx, variant, true, "redactie@example.nl"); err != nil {
		t.Fatal(err)
	}
	if q := m.articles["grofvuil"].Questions; len(q) != 1 || q[0] != "zolder opruimen" {
		t.Errorf("questions after accepting = %q", q)
	}
	if err := l.Decide(ctx, rule, false, "redactie@example.nl"); err != nil {
		t.Fatal(err)
	}
	if m.local != "" {
		t.Errorf("a rejected rule changed the local words: %q", m.local)
	}
	if left, err := l.Proposals(ctx); err != nil || len(left) != 0 {
		t.Errorf("after deciding both: %v %+v", err, left)
	}
	if err := l.Decide(ctx, rule, true, "redactie@example.nl"); !errors.Is(err, ErrUnknownProposal) {
		t.Errorf("deciding a decided proposal again: %v", err)
	}

	m.decided = map[ProposalKey]bool{}
	if err := l.Decide(ctx, rule, true, "redactie@example.nl"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.local, "kliekoo => container") {
		t.Errorf("local words after accepting the rule: %q", m.local)
	}
	if _, err := LoadSynonyms(strings.NewReader(m.local)); err != nil {
		t.Errorf("the saved list does not load: %v", err)
	}
}
