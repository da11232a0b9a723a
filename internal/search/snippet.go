package search

import (
	"html"
	"html/template"
	"strings"
	"sync"
)

const snippetMax = 240

// maxSnippetDocs bounds the snippet cache; past it the cache starts over. Snippets are built for the
// articles that searches show, a small part of a national index; a prepared demo article takes about
// 12 kB (its words with their terms), so the cache stays within about 6 MB.
const maxSnippetDocs = 512

// snippetText is a text a snippet can show (the summary or one body line, cut at snippetMax) with its
// words and the terms each word matches: the word's stem and those of its compound parts. They are worked
// out once per article, so a search only looks the terms up in the query's plan.
type snippetText struct {
	text  string
	words []snippetWord
}

type snippetWord struct {
	start, end int32
	terms      []string // none for a stop word or a one-letter word: those are never marked
}

// snippetDoc is an article's summary and body lines in one language, ready for snippets.
type snippetDoc struct {
	summary snippetText
	lines   []snippetText
}

// snippetCache keeps snippetDocs by article number and language. Articles are never renumbered within a
// state, but compound splitting follows the dictionary, which grows with every article added: Upsert and
// Delete empty the cache.
type snippetCache struct {
	mu   sync.RWMutex
	docs map[uint32]*snippetDoc // doc number*2, +1 for English
}

func (c *snippetCache) reset() {
	c.mu.Lock()
	c.docs = nil
	c.mu.Unlock()
}

// prepared returns the snippet text of article d (English when english), building it on first use.
func (st *state) prepared(d uint32, english bool, summary, body string) *snippetDoc {
	key := d * 2
	if english {
		key++
	}
	c := &st.snippets
	c.mu.RLock()
	sd := c.docs[key]
	c.mu.RUnlock()
	if sd != nil {
		return sd
	}
	sd = &snippetDoc{summary: st.snippetText(summary)}
	if body != "" {
		for _, line := range strings.Split(plainMarkdown(body), "\n") {
			if len(line) > snippetMax {
				line = cutAt(line, snippetMax) + "…"
			}
			sd.lines = append(sd.lines, st.snippetText(line))
		}
	}
	c.mu.Lock()
	if c.docs == nil || len(c.docs) >= maxSnippetDocs {
		c.docs = map[uint32]*snippetDoc{}
	}
	c.docs[key] = sd
	c.mu.Unlock()
	return sd
}

// snippetText finds the words of text and the terms they match.
func (st *state) snippetText(text string) snippetText {
	ws := tokenize(text, nil)
	t := snippetText{text: text, words: make([]snippetWord, 0, len(ws))}
	for _, w := range ws {
		sw := snippetWord{start: int32(w.start), end: int32(w.end)}
		if !stopWords[w.text] && len(w.text) >= 2 {
			sw.terms = append(sw.terms, stem(w.text))
			for _, part := range st.dict.split(w.text) {
				sw.terms = append(sw.terms, stem(part))
			}
		}
		t.words = append(t.words, sw)
	}
	return t
}

// marks counts the words of t that match the plan.
func (t *snippetText) marks(p plan) int {
	n := 0
	for i := range t.words {
		if t.words[i].matches(p) {
			n++
		}
	}
	return n
}

func (w *snippetWord) matches(p plan) bool {
	for _, term := range w.terms {
		if p.terms[term] {
			return true
		}
	}
	return false
}

// highlight escapes t and wraps the words matching the plan in <mark>.
func (t *snippetText) highlight(p plan) template.HTML {
	var b strings.Builder
	b.Grow(len(t.text) + 32)
	last := 0
	for i := range t.words {
		w := &t.words[i]
		if !w.matches(p) {
			continue
		}
		b.WriteString(html.EscapeString(t.text[last:w.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(t.text[w.start:w.end]))
		b.WriteString("</mark>")
		last = int(w.end)
	}
	b.WriteString(html.EscapeString(t.text[last:]))
	return template.HTML(b.String())
}

// snippet highlights the query's words in the summary or, when the summary has none, in the body line
// with the most of them (the first of those).
func (st *state) snippet(d uint32, english bool, summary, body string, p plan) template.HTML {
	sd := st.prepared(d, english, summary, body)
	if sd.summary.marks(p) > 0 || body == "" {
		return sd.summary.highlight(p)
	}
	best, bestN := -1, 0
	for i := range sd.lines {
		if n := sd.lines[i].marks(p); n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return sd.summary.highlight(p)
	}
	return sd.lines[best].highlight(p)
}
