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
	follows  []FollowUp
	decided  map[ProposalKey]bool
	articles map[string]kb.Article
	local    string
}

func (m *memLearning) ClickedSearches(context.Context, time.Time, int) ([]ClickedSearch, error) {
	return m.clicked, nil
}
func (m *memLearning) SearchFollowUps(context.Context, time.Time, int) ([]FollowUp, error) {
	return m.follows, nil
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
func (m *memLearning) AddQuestion(_ context.Context, _, id, q string) (kb.Saved, error) {
	a := m.articles[id]
	a.Questions = append(a.Questions, q)
	m.articles[id] = a
	return kb.Saved{ID: id, Outcome: kb.OutcomePublished}, nil
}
func (m *memLearning) LocalWords(context.Context) (string, error) { return m.local, nil }
func (m *memLearning) SaveLocalWords(_ context.Context, body, _ string) error {
	m.local = body
	return nil
}

// retry is a search without results followed a minute later by one with results that was opened.
func retry(from, to string) FollowUp {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	return FollowUp{From: from, To: to, ToResults: 3, ToClicked: true, FromAt: at, ToAt: at.Add(time.Minute)}
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
		follows: []FollowUp{
			retry("kliekoo kapot", "container kapot"), retry("kliekoo kapot", "container kapot"),
			retry("kliekoo kapot", "container kapot"),
			retry("de kliekoo", "container"), retry("de kliekoo", "container"), // the same rule without stop words
			retry("paspoort", "paspoort"), retry("paspoort", "paspoort"), // nothing changed
		}}
	l := &Learner{Store: m, Articles: m, Index: ix, Now: func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }}
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

func TestHeaderSearchReformulations(t *testing.T) {
	// Follow-ups worked out by hand against the rule: the first search gave nothing that was opened, the
	// second did (results after none, or a result opened), within ten minutes.
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	f := func(from, to string, fromResults int, fromClicked, toClicked bool, after time.Duration) FollowUp {
		return FollowUp{From: from, To: to, FromResults: fromResults, ToResults: 2, FromClicked: fromClicked,
			ToClicked: toClicked, FromAt: at, ToAt: at.Add(after)}
	}
	cases := []struct {
		f    FollowUp
		want bool
	}{
		{f("kliko stuk", "container kapot", 4, false, true, 2*time.Minute), true},   // results, none opened; then opened
		{f("kliko stuk", "container kapot", 0, false, false, 2*time.Minute), true},  // no results, then results
		{f("kliko stuk", "container kapot", 4, false, false, 2*time.Minute), false}, // neither opened: no sign it helped
		{f("kliko stuk", "container kapot", 4, true, true, 2*time.Minute), false},   // the first search was opened
		{f("kliko stuk", "container kapot", 0, false, true, 11*time.Minute), false}, // too late: a new question
		{f("kliko stuk", "container kapot", 0, false, true, -time.Minute), false},   // not after it
		{f("kliko stuk", "container kapot", 0, false, true, FollowUpWindow), true},  // at the edge of the window
	}
	for i, c := range cases {
		if got := reformulates(c.f); got != c.want {
			t.Errorf("case %d %+v: reformulates = %v, want %v", i, c.f, got, c.want)
		}
	}
	ix := indexOf(t, "", article("afvalcontainer", "Afval", "Afvalcontainer", "Een nieuwe container aanvragen."))
	m := &memLearning{decided: map[ProposalKey]bool{}, articles: map[string]kb.Article{}}
	for _, c := range cases {
		m.follows = append(m.follows, c.f)
	}
	l := &Learner{Store: m, Articles: m, Index: ix, Now: func() time.Time { return at.Add(time.Hour) }}
	got, err := l.Proposals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := ProposalKey{Kind: ProposalSynonym, From: "kliko stuk", To: "container kapot"}
	if len(got) != 1 || got[0].ProposalKey != want || got[0].Evidence != 3 {
		t.Errorf("proposals = %+v, want %+v from the 3 follow-ups that count", got, want)
	}
}
