package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"loket/internal/kb"
	"loket/internal/search/learning"
)

// Learning from residents: from the search log, loket proposes question variants (searches whose result
// residents clicked) and synonym rules (a search that gave residents nothing they opened, reformulated soon
// after into one that did, from the "try other words" box or the search box on any page). An editor accepts or rejects each; an accepted variant is saved in the article and an
// accepted rule in the municipality's own words, so it reaches every instance through the usual
// notifications.

// Proposal kinds.
const (
	ProposalVariant = "variant" // add From as a question variant of ArticleID
	ProposalSynonym = "synonym" // add the rule "From => To" to the municipality's own words
)

// Records of the search log and of decisions, kept by the store (see package learning).
type (
	ClickedSearch = learning.ClickedSearch
	FollowUp      = learning.FollowUp
	ProposalKey   = learning.ProposalKey
	Decision      = learning.Decision
)

// LearningStore is the storage learning needs: the search log, the decisions, the articles (to read) and
// the municipality's own words.
type LearningStore interface {
	ClickedSearches(ctx context.Context, since time.Time, minClicks int) ([]ClickedSearch, error)
	SearchFollowUps(ctx context.Context, since time.Time, limit int) ([]FollowUp, error)
	ProposalDecisions(ctx context.Context) (map[ProposalKey]bool, error)
	DecideProposal(ctx context.Context, d Decision) error
	Article(ctx context.Context, id string) (kb.Article, error)
	LocalWords(ctx context.Context) (string, error)
	SaveLocalWords(ctx context.Context, body, author string) error
}

// Proposal is one suggestion for an editor.
type Proposal struct {
	ProposalKey
	Title    string // of the article, for variants
	Evidence int    // clicks or reformulations behind it
	Rank     int    // where the article stands now for the query (0: not in the first ten), for variants
}

// Learning thresholds: how much evidence a proposal needs, and how far back the log is read.
const (
	LearnWindow        = 90 * 24 * time.Hour
	learnMinClicks     = 3
	learnMinReformulae = 2
	maxProposals       = 100
	maxFollowUps       = 20_000 // the newest follow-ups read per look at the log
)

// FollowUpWindow is how soon a resident's next search must come for it to reformulate the first: later, it
// is more likely a new question.
const FollowUpWindow = 10 * time.Minute

// ErrUnknownProposal is returned when an editor decides on something loket does not propose (any more).
var ErrUnknownProposal = errors.New("search: no such proposal")

// Articles adds an accepted variant to its article: the knowledge-base service (kb.Service), so that the
// variant goes through the article's rules, reaches a concept beside the published text, is audited, and
// on an article that inherits a national text is recorded as the municipality's own questions (a later
// national change keeps it).
type Articles interface {
	AddQuestion(ctx context.Context, actor, id, question string) (kb.Saved, error)
}

// Learner proposes variants and synonym rules from the search log and applies an editor's decision.
type Learner struct {
	Store    LearningStore
	Articles Articles
	Index    *Index
	Now      func() time.Time
}

// Proposals returns the open proposals, the ones with the most evidence first.
func (l *Learner) Proposals(ctx context.Context) ([]Proposal, error) {
	since := l.Now().Add(-LearnWindow)
	clicked, err := l.Store.ClickedSearches(ctx, since, learnMinClicks)
	if err != nil {
		return nil, err
	}
	refs, err := l.Store.SearchFollowUps(ctx, since, maxFollowUps)
	if err != nil {
		return nil, err
	}
	decided, err := l.Store.ProposalDecisions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Proposal
	for _, p := range append(l.variantProposals(ctx, clicked), l.synonymProposals(refs)...) {
		if _, ok := decided[p.ProposalKey]; !ok {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evidence > out[j].Evidence })
	if len(out) > maxProposals {
		out = out[:maxProposals]
	}
	return out, nil
}

// variantProposals proposes a clicked query as a variant of the article, unless the article already has
// it or search already puts the article first for it.
func (l *Learner) variantProposals(ctx context.Context, clicked []ClickedSearch) []Proposal {
	var out []Proposal
	for _, c := range clicked {
		q := fold(c.Query)
		if len(q) < 3 || len(q) > kb.MaxQuestionBytes || len(strings.Fields(q)) < 2 {
			continue // one word is a keyword or a synonym, not a question
		}
		a, err := l.Store.Article(ctx, c.ArticleID)
		if err != nil || hasQuestion(a.Questions, q) || len(a.Questions) >= kb.MaxQuestions {
			continue
		}
		rank := l.rankOf(c.Query, a.ID)
		if rank == 1 {
			continue
		}
		out = append(out, Proposal{ProposalKey: ProposalKey{Kind: ProposalVariant, ArticleID: a.ID, From: q},
			Title: a.Title, Evidence: c.Clicks, Rank: rank})
	}
	return out
}

// reformulates reports whether a follow-up search teaches a rule: it came within FollowUpWindow, the first
// search gave the resident nothing they opened (no results, or none opened) and the second did (results
// where the first had none, or a result opened).
func reformulates(f FollowUp) bool {
	if d := f.ToAt.Sub(f.FromAt); d < 0 || d > FollowUpWindow || f.FromClicked || f.ToResults == 0 {
		return false
	}
	return f.FromResults == 0 || f.ToClicked
}

// synonymProposals turns reformulations seen at least learnMinReformulae times into rules from the words
// only the first search had to the words only the second had: "kliekoo kapot" then "container kapot"
// proposes "kliekoo => container".
func (l *Learner) synonymProposals(follows []FollowUp) []Proposal {
	var out []Proposal
	seen := map[ProposalKey]int{}
	for _, r := range follows {
		if !reformulates(r) {
			continue
		}
		from, to := wordDiff(fold(r.From), fold(r.To))
		if from == "" || to == "" || len(strings.Fields(from)) > 3 || len(strings.Fields(to)) > 3 {
			continue
		}
		if _, err := LoadSynonyms(strings.NewReader(from + " => " + to)); err != nil {
			continue // only stop words on one side
		}
		k := ProposalKey{Kind: ProposalSynonym, From: from, To: to}
		if i, ok := seen[k]; ok {
			out[i].Evidence++
			continue
		}
		seen[k] = len(out)
		out = append(out, Proposal{ProposalKey: k, Evidence: 1})
	}
	return slices.DeleteFunc(out, func(p Proposal) bool { return p.Evidence < learnMinReformulae })
}

// wordDiff returns the words of a not in b and those of b not in a, in their order.
func wordDiff(a, b string) (string, string) {
	aw, bw := strings.Fields(a), strings.Fields(b)
	var onlyA, onlyB []string
	for _, w := range aw {
		if !slices.Contains(bw, w) && !stopWords[w] {
			onlyA = append(onlyA, w)
		}
	}
	for _, w := range bw {
		if !slices.Contains(aw, w) && !stopWords[w] {
			onlyB = append(onlyB, w)
		}
	}
	return strings.Join(onlyA, " "), strings.Join(onlyB, " ")
}

func hasQuestion(questions []string, folded string) bool {
	for _, q := range questions {
		if fold(q) == folded {
			return true
		}
	}
	return false
}

// rankOf is the position of article id in the first ten results for q, 0 when absent.
func (l *Learner) rankOf(q, id string) int {
	res, err := l.Index.SearchWith(q, Options{Limit: 10})
	if err != nil {
		return 0
	}
	for i, h := range res.Hits {
		if h.ID == id {
			return i + 1
		}
	}
	return 0
}

// Decide records an editor's decision on a proposal that is open now. Accepting a variant adds it to the
// article (a new version); accepting a rule adds it to the municipality's own words. The caller reloads
// nothing: the store announces both changes to every instance.
func (l *Learner) Decide(ctx context.Context, key ProposalKey, accept bool, editor string) error {
	open, err := l.Proposals(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(open, func(p Proposal) bool { return p.ProposalKey == key }) {
		return ErrUnknownProposal
	}
	if accept {
		if err := l.apply(ctx, key, editor); err != nil {
			return err
		}
	}
	return l.Store.DecideProposal(ctx, Decision{ProposalKey: key, Accepted: accept, DecidedBy: editor, DecidedAt: l.Now()})
}

func (l *Learner) apply(ctx context.Context, key ProposalKey, editor string) error {
	switch key.Kind {
	case ProposalVariant:
		if _, err := l.Articles.AddQuestion(ctx, editor, key.ArticleID, key.From); err != nil {
			return fmt.Errorf("search: variant for %s: %w", key.ArticleID, err)
		}
		return nil
	case ProposalSynonym:
		body, err := l.Store.LocalWords(ctx)
		if err != nil {
			return err
		}
		if body == "" {
			body = DefaultSynonymsText()
		}
		body = strings.TrimRight(body, "\n") + "\n" + key.From + " => " + key.To + " # voorgesteld uit zoekgedrag\n"
		if _, err := LoadSynonyms(strings.NewReader(body)); err != nil {
			return err
		}
		return l.Store.SaveLocalWords(ctx, body, editor)
	}
	return ErrUnknownProposal
}
