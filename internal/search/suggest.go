package search

import (
	"sort"
	"strings"
	"sync"

	"loket/internal/kb"
)

// Suggestion is one as-you-type suggestion: an article title.
type Suggestion struct {
	Text string `json:"text"`
	ID   string `json:"id"`
}

// Suggest returns article titles for a partly typed query: titles whose words (or the article's keywords)
// start with every typed word, the last one possibly unfinished. When too few titles match, it fills up with
// the titles of the best search results, so that "kliko" also suggests the article on waste containers.
func (ix *Index) Suggest(prefix string, limit int) ([]Suggestion, error) {
	if err := checkQuery(prefix); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	ws := tokenize(prefix, nil)
	if len(ws) == 0 {
		return []Suggestion{}, nil
	}
	out := st.sugg.lookup(ws, limit)
	if len(out) < limit && len(strings.TrimSpace(prefix)) >= 3 {
		out = ix.fillFromSearch(st, prefix, out, limit)
	}
	return out, nil
}

func (ix *Index) fillFromSearch(st *state, q string, out []Suggestion, limit int) []Suggestion {
	p := st.analyseQuery(q, ix.syn)
	if len(p.groups) == 0 {
		return out
	}
	seen := map[string]bool{}
	for _, s := range out {
		seen[s.Text] = true
	}
	top, _ := ix.rank(st, p, limit*2)
	for _, c := range top {
		if len(out) == limit {
			break
		}
		if c.coverage < 0.5 {
			continue
		}
		a := &st.docs[c.doc].a
		if !seen[a.Title] {
			seen[a.Title] = true
			out = append(out, Suggestion{Text: a.Title, ID: a.ID})
		}
	}
	return out
}

// suggester finds titles by word prefix. Articles with the same title (copies in several municipalities)
// share one entry. Its sorted word list is rebuilt on the first lookup after a change.
type suggester struct {
	entries map[string]*suggestEntry // by title
	mu      sync.Mutex               // guards words and dirty during lookups
	words   []suggestWord            // sorted by word
	dirty   bool
}

type suggestEntry struct {
	text, id string
	words    []string // folded words of title, UPL name and keywords
	refs     int
	product  bool
}

type suggestWord struct {
	word  string
	entry *suggestEntry
}

func newSuggester(docs []doc) *suggester {
	s := &suggester{entries: map[string]*suggestEntry{}}
	for i := range docs {
		s.add(docs[i].a)
	}
	return s
}

func (s *suggester) add(a kb.Article) {
	s.dirty = true
	if e := s.entries[a.Title]; e != nil {
		e.refs++
		return
	}
	text := a.Title + " " + a.UPL + " " + strings.Join(a.Keywords, " ")
	var words []string
	for _, w := range tokenize(text, nil) {
		words = append(words, w.text)
	}
	s.entries[a.Title] = &suggestEntry{text: a.Title, id: a.ID, words: words, refs: 1, product: a.Type == kb.TypeProduct}
}

func (s *suggester) remove(a kb.Article) {
	e := s.entries[a.Title]
	if e == nil {
		return
	}
	s.dirty = true
	if e.refs--; e.refs == 0 {
		delete(s.entries, a.Title)
	}
}

func (s *suggester) sorted() []suggestWord {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty || s.words == nil {
		s.words = s.words[:0]
		for _, e := range s.entries {
			seen := map[string]bool{}
			for _, w := range e.words {
				if !seen[w] {
					seen[w] = true
					s.words = append(s.words, suggestWord{w, e})
				}
			}
		}
		sort.Slice(s.words, func(i, j int) bool { return s.words[i].word < s.words[j].word })
		s.dirty = false
	}
	return s.words
}

// lookup returns the entries with a word starting with each typed word.
func (s *suggester) lookup(ws []word, limit int) []Suggestion {
	words := s.sorted()
	var smallest []suggestWord
	for _, w := range ws {
		lo := sort.Search(len(words), func(i int) bool { return words[i].word >= w.text })
		hi := lo
		for hi < len(words) && strings.HasPrefix(words[hi].word, w.text) {
			hi++
		}
		if smallest == nil || hi-lo < len(smallest) {
			smallest = words[lo:hi]
		}
	}
	type cand struct {
		e     *suggestEntry
		score int
	}
	var cands []cand
	seen := map[*suggestEntry]bool{}
	for _, sw := range smallest {
		if seen[sw.entry] {
			continue
		}
		seen[sw.entry] = true
		if score, ok := sw.entry.matchAll(ws); ok {
			cands = append(cands, cand{sw.entry, score})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if len(a.e.text) != len(b.e.text) {
			return len(a.e.text) < len(b.e.text)
		}
		return a.e.text < b.e.text
	})
	out := []Suggestion{}
	for _, c := range cands[:min(limit, len(cands))] {
		out = append(out, Suggestion{Text: c.e.text, ID: c.e.id})
	}
	return out
}

// matchAll reports whether every typed word starts a word of the entry, and scores the match: whole words
// and a title that starts with the first typed word rank higher, and products before questions.
func (e *suggestEntry) matchAll(ws []word) (int, bool) {
	score := 0
	for i, w := range ws {
		found := false
		for j, ew := range e.words {
			if !strings.HasPrefix(ew, w.text) {
				continue
			}
			found = true
			if ew == w.text {
				score += 2
			}
			if i == 0 && j == 0 {
				score += 3
			}
			break
		}
		if !found {
			return 0, false
		}
	}
	if e.product {
		score++
	}
	return score, true
}
