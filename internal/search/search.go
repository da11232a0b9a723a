package search

import (
	"fmt"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hit is one article found by a search.
type Hit struct {
	ID      string  `json:"id"`
	Type    string  `json:"type"`
	Title   string  `json:"title"`
	Summary string  `json:"summary"`
	Score   float64 `json:"score"`
	// Lang is "en" when Title, Summary and Snippet are the article's English text (for an English query),
	// else "nl".
	Lang string `json:"lang"`
	// Snippet is the summary, or the body sentence that best matches the query when the summary does not,
	// HTML-escaped with the matching words in <mark>.
	Snippet template.HTML `json:"snippet"`
}

// Results is the answer to one search.
type Results struct {
	Query string `json:"query"`
	Hits  []Hit  `json:"results"`
	// Answer is the best hit when it clearly answers the query (see confident), else nil.
	Answer *Hit `json:"answer"`
}

// Search limits.
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

// Thresholds of the direct answer. The best article must cover at least half of what the query asks (its
// words, weighted by how specific they are) in what the article is about, not only in a body that may
// mention anything, and clearly beat every article that competes with it.
const (
	answerMinAbout = 0.5
	answerMargin   = 1.25 // score of the best hit over the best competing hit
)

// Options tune one search.
type Options struct {
	Limit int // at most this many hits; DefaultLimit when <= 0, at most MaxLimit
	// Snippets asks for the highlighted snippet of every hit. Building them is most of the work of a search
	// over a small knowledge base, so callers that do not show them leave it off.
	Snippets bool
}

// Search returns the articles that best match q with their snippets, best first, at most limit
// (DefaultLimit when limit <= 0). It returns ErrBadQuery for a query longer than MaxQueryBytes, not UTF-8 or
// with control characters.
func (ix *Index) Search(q string, limit int) (Results, error) {
	return ix.SearchWith(q, Options{Limit: limit, Snippets: true})
}

// SearchWith is Search with options.
func (ix *Index) SearchWith(q string, o Options) (Results, error) {
	if err := checkQuery(q); err != nil {
		return Results{Query: q}, err
	}
	limit := o.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	res := Results{Query: q, Hits: []Hit{}}
	p := st.analyseQuery(q, ix.syn)
	if len(p.groups) == 0 {
		return res, nil
	}
	top, runnerUp := ix.rankAndRerank(st, p, q, limit)
	for _, c := range top {
		res.Hits = append(res.Hits, st.hit(c, p, o.Snippets))
	}
	if len(top) > 0 && st.confident(top[0], runnerUp, p) {
		a := res.Hits[0]
		res.Answer = &a
	}
	return res, nil
}

// confident is the direct-answer rule: the best article covers half of the query in what it is about and
// scores answerMargin times every competing article (its own family of linked articles of the same theme
// and audience does not compete), and an article for entrepreneurs only answers only a query that says it
// is about a business (a word of the thesaurus's theme Ondernemen) or that no article for residents matches.
func (st *state) confident(best scored, rv rivals, p plan) bool {
	switch {
	case best.about < answerMinAbout:
		return false
	case rv.resident.score > 0 && !p.business:
		return false
	case rv.other.score > 0 && best.score < answerMargin*rv.other.score:
		return false
	}
	return true
}

// checkQuery rejects input no person types into a search box.
func checkQuery(q string) error {
	if len(q) > MaxQueryBytes {
		return fmt.Errorf("%w: longer than %d bytes", ErrBadQuery, MaxQueryBytes)
	}
	if !utf8.ValidString(q) {
		return fmt.Errorf("%w: not UTF-8", ErrBadQuery)
	}
	for _, r := range q {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return fmt.Errorf("%w: control character %U", ErrBadQuery, r)
		}
	}
	return nil
}

// hit turns a ranked article into a Hit, in English for an English query when the article has English
// text, with a snippet when asked.
func (st *state) hit(c scored, p plan, snippet bool) Hit {
	a := &st.docs[c.doc].a
	h := Hit{ID: a.ID, Type: a.Type, Title: a.Title, Summary: a.Summary, Score: float64(c.score), Lang: "nl"}
	body := a.Body
	english := p.english && a.English != nil
	if english {
		h.Title, h.Summary, h.Lang, body = a.English.Title, a.English.Summary, "en", a.English.Body
	}
	if snippet {
		h.Snippet = st.snippet(c.doc, english, h.Summary, body, p)
	}
	return h
}

// cutAt shortens s to at most n bytes at a word boundary.
func cutAt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > n/2 {
		return s[:i]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
