package search

import (
	"fmt"
	"html"
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

// Thresholds of the direct answer. The best article must cover most of what the query asks (its words,
// weighted by how specific they are) and clearly beat the best article about something else.
const (
	answerMinCoverage = 0.6
	answerMinMargin   = 1.25 // score of the best hit over the best hit with another title
)

// Search returns the articles that best match q, best first, at most limit (DefaultLimit when limit <= 0).
// It returns ErrBadQuery for a query longer than MaxQueryBytes, not UTF-8 or with control characters.
func (ix *Index) Search(q string, limit int) (Results, error) {
	if err := checkQuery(q); err != nil {
		return Results{Query: q}, err
	}
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
	top, runnerUp := ix.rank(st, p, limit)
	for _, c := range top {
		res.Hits = append(res.Hits, st.hit(c, p))
	}
	if len(top) > 0 && confident(top[0], runnerUp) {
		a := res.Hits[0]
		res.Answer = &a
	}
	return res, nil
}

// confident is the direct-answer rule.
func confident(best scored, runnerUp float32) bool {
	return best.coverage >= answerMinCoverage && best.score >= answerMinMargin*runnerUp
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

// hit turns a ranked article into a Hit with a snippet.
func (st *state) hit(c scored, p plan) Hit {
	a := &st.docs[c.doc].a
	return Hit{
		ID: a.ID, Type: a.Type, Title: a.Title, Summary: a.Summary,
		Score:   float64(c.score),
		Snippet: st.snippet(a.Summary, a.Body, p),
	}
}

const snippetMax = 240

// snippet highlights the query's words in the summary or, when the summary has none, in the body sentence
// with the most of them.
func (st *state) snippet(summary, body string, p plan) template.HTML {
	if s, n := st.highlight(summary, p); n > 0 || body == "" {
		return s
	}
	var best template.HTML
	bestN := 0
	for _, line := range strings.Split(plainMarkdown(body), "\n") {
		if len(line) > snippetMax {
			line = cutAt(line, snippetMax) + "…"
		}
		if s, n := st.highlight(line, p); n > bestN {
			best, bestN = s, n
		}
	}
	if bestN == 0 {
		s, _ := st.highlight(summary, p)
		return s
	}
	return best
}

// highlight escapes text and wraps words matching the plan in <mark>; it returns how many it marked.
func (st *state) highlight(text string, p plan) (template.HTML, int) {
	var b strings.Builder
	last, n := 0, 0
	for _, w := range tokenize(text, nil) {
		if !st.matches(w.text, p) {
			continue
		}
		b.WriteString(html.EscapeString(text[last:w.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[w.start:w.end]))
		b.WriteString("</mark>")
		last = w.end
		n++
	}
	b.WriteString(html.EscapeString(text[last:]))
	return template.HTML(b.String()), n
}

func (st *state) matches(w string, p plan) bool {
	if stopWords[w] || len(w) < 2 {
		return false
	}
	if p.terms[stem(w)] {
		return true
	}
	for _, part := range st.dict.split(w) {
		if p.terms[stem(part)] {
			return true
		}
	}
	return false
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
