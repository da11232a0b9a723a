package search

import (
	"html"
	"html/template"
	"strings"
	"testing"

	"loket/internal/kb"
)

// referenceSnippet is the snippet built the straightforward way, tokenising, stemming and splitting every
// line of the body for every hit (the builder before the snippet cache): the prepared snippets must be
// the same.
func referenceSnippet(st *state, summary, body string, p plan) template.HTML {
	highlight := func(text string) (template.HTML, int) {
		var b strings.Builder
		last, n := 0, 0
		for _, w := range tokenize(text, nil) {
			if stopWords[w.text] || len(w.text) < 2 {
				continue
			}
			match := p.terms[stem(w.text)]
			for _, part := range st.dict.split(w.text) {
				match = match || p.terms[stem(part)]
			}
			if !match {
				continue
			}
			b.WriteString(html.EscapeString(text[last:w.start]) + "<mark>" + html.EscapeString(text[w.start:w.end]) + "</mark>")
			last = w.end
			n++
		}
		b.WriteString(html.EscapeString(text[last:]))
		return template.HTML(b.String()), n
	}
	if s, n := highlight(summary); n > 0 || body == "" {
		return s
	}
	var best template.HTML
	bestN := 0
	for _, line := range strings.Split(plainMarkdown(body), "\n") {
		if len(line) > snippetMax {
			line = cutAt(line, snippetMax) + "…"
		}
		if s, n := highlight(line); n > bestN {
			best, bestN = s, n
		}
	}
	if bestN == 0 {
		s, _ := highlight(summary)
		return s
	}
	return best
}

// TestPreparedSnippetsMatchTheReference compares every hit's snippet for the benchmark queries on the demo
// knowledge base, asked twice (built, then from the cache), with the reference builder.
func TestPreparedSnippetsMatchTheReference(t *testing.T) {
	ix := demoIx(t)
	for round := range 2 {
		for _, q := range benchQueries {
			res, err := ix.Search(q, 10)
			if err != nil {
				t.Fatal(err)
			}
			st := ix.st
			p := st.analyseQuery(q, ix.syn)
			for _, h := range res.Hits {
				a := st.docs[st.byID[h.ID]].a
				summary, body := a.Summary, a.Body
				if h.Lang == "en" {
					summary, body = a.English.Summary, a.English.Body
				}
				if want := referenceSnippet(st, summary, body, p); h.Snippet != want {
					t.Errorf("round %d, %q, %s:\n got %s\nwant %s", round, q, h.ID, h.Snippet, want)
				}
			}
		}
	}
}

// TestSnippetPicksTheBodyLineWithMostMatches: when the summary names none of the query's words, the body
// line with the most of them is shown, escaped, with Markdown marks removed; a change to the article shows
// at once. Expected snippets are written out by hand.
func TestSnippetPicksTheBodyLineWithMostMatches(t *testing.T) {
	ix, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	a := kb.Article{ID: "afval", Type: kb.TypeVAC, Title: "Grofvuil", Summary: "Zo raakt u spullen kwijt.",
		Body: "Bel ons.\n\nDe **kliko** wordt elke week geleegd.\n\nIs uw kliko kapot? Een kapotte kliko & deksel vervangen wij gratis."}
	if err := ix.Upsert(a); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search("kliko kapot", 1)
	if err != nil || len(res.Hits) != 1 {
		t.Fatal(res, err)
	}
	want := "Is uw <mark>kliko</mark> <mark>kapot</mark>? Een <mark>kapotte</mark> <mark>kliko</mark> &amp; deksel vervangen wij gratis."
	if got := string(res.Hits[0].Snippet); got != want {
		t.Errorf("snippet = %q\nwant      %q", got, want)
	}
	a.Body = "De kliko wordt elke week geleegd."
	if err := ix.Upsert(a); err != nil {
		t.Fatal(err)
	}
	res, _ = ix.Search("kliko kapot", 1)
	if want := "De <mark>kliko</mark> wordt elke week geleegd."; len(res.Hits) != 1 || string(res.Hits[0].Snippet) != want {
		t.Errorf("after the change: %+v, want snippet %q", res.Hits, want)
	}
}
