// Package search is the Dutch full-text search over the knowledge base: stemming, stop words, accent
// folding, compound splitting, synonyms, typo tolerance, field weights, a direct answer when the best
// article clearly answers the query, as-you-type suggestions and answer suggestions for contact messages.
//
// The index lives in memory. It uses the Snowball project's Dutch stop words and stemmer and its own
// compact inverted index with BM25F ranking: measured on 54,000 articles, bleve's own query pipeline took
// about 5 ms for a two-word query across five fields, before synonyms and typo expansion, while this index
// answers in well under a millisecond (see bench_test.go and the README).
package search

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"loket/internal/kb"
)

// Searchable fields, in order of weight.
const (
	fieldTitle = iota
	fieldUPL
	fieldKeywords
	fieldQuestions // "Zo vragen inwoners het": the question variants
	fieldSummary
	fieldBody
	fieldEnglish // the English title, summary and body
	numFields
)

// Ranking parameters (BM25F). A word in the title counts four times a word in the body; the length of
// each field damps its counts so that a word in a short title weighs more than in a long one.
var (
	fieldWeight = [numFields]float32{4, 3, 3, 2.5, 1.5, 1, 1.5}
	fieldB      = [numFields]float32{0.5, 0.5, 0.5, 0.75, 0.75, 0.75, 0.75}
)

const (
	bm25K1     = 1.2
	partWeight = 0.5 // weight of each part of a compound in the article text
)

// ErrBadQuery is returned for queries that cannot be searched: too long, not UTF-8 or with control
// characters. The HTTP layer reports it as a client error.
var ErrBadQuery = errors.New("search: query too long or with invalid characters")

// MaxQueryBytes is the longest query Search accepts.
const MaxQueryBytes = 300

// Index is an in-memory search index over the published articles. It is safe for concurrent use.
type Index struct {
	local   *Synonyms // the municipality's own words
	syn     *Synonyms // the national thesaurus with local on top
	mu      sync.RWMutex
	rerank  Reranker
	st      *state
	scratch sync.Pool
}

// state is everything an index holds; Rebuild replaces it as a whole.
type state struct {
	docs   []doc
	alive  []bool   // parallel to docs: the ranking loop reads this, not the article, for every posting
	title  []uint32 // parallel to docs: the number of the article's title, so copies are told apart cheaply
	titles map[string]uint32
	byID   map[string]uint32
	terms  map[string]*postings
	dict   *dictionary
	live   int
	avgLen [numFields]float32
	sugg   *suggester
}

// doc is one indexed article; deleted articles stay as tombstones (alive false) until the next compaction.
type doc struct {
	a kb.Article
}

// postings lists the articles a term occurs in, in index order, with the field-weighted,
// length-normalised term frequency.
type postings struct {
	docs []uint32
	tfs  []float32
	// about has a bit per posting, set when the term is in what the article is about (see aboutField).
	about []uint64
	df    int32 // live articles
}

// aboutField reports whether a field says what an article is about: its title, product name, keywords,
// question variants and summary, not the body that may mention anything.
func aboutField(f int) bool { return f < fieldBody }

// isAbout reports whether the term of p is in what article d is about; p.docs is in index order.
func (p *postings) isAbout(d uint32) bool {
	k, found := slices.BinarySearch(p.docs, d)
	return found && p.about[k/64]&(1<<(k%64)) != 0
}

// New returns an empty index that expands queries with the national thesaurus and local, a
// municipality's own words (nil for none).
func New(local *Synonyms) (*Index, error) {
	ix := &Index{local: local, syn: Thesaurus().With(local)}
	if err := ix.Rebuild(nil); err != nil {
		return nil, err
	}
	return ix, nil
}

// Rebuild replaces the contents of the index with the published articles among articles, keeping the
// current list of local words.
func (ix *Index) Rebuild(articles []kb.Article) error {
	ix.mu.RLock()
	local := ix.local
	ix.mu.RUnlock()
	return ix.ReplaceSynonyms(local, articles)
}

// Upsert adds or replaces one article; an article that is not published is removed from the index.
func (ix *Index) Upsert(a kb.Article) error {
	if a.ID == "" {
		return fmt.Errorf("search: article without id")
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	st := ix.st
	st.remove(a.ID)
	if a.Published() {
		st.add(a)
	}
	ix.compactIfNeeded()
	return nil
}

// Delete removes an article from the index; deleting an unknown id is not an error.
func (ix *Index) Delete(id string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.st.remove(id)
	ix.compactIfNeeded()
	return nil
}

// Len returns the number of indexed articles.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.st.live
}

// compactIfNeeded rebuilds the index once tombstones make up a third of it; the caller holds the lock.
func (ix *Index) compactIfNeeded() {
	dead := len(ix.st.docs) - ix.st.live
	if dead < 64 || dead*3 < len(ix.st.docs) {
		return
	}
	live := make([]kb.Article, 0, ix.st.live)
	for i, d := range ix.st.docs {
		if ix.st.alive[i] {
			live = append(live, d.a)
		}
	}
	ix.st = build(live, ix.syn)
}

// build indexes articles in two passes over all cores: the first reads every text once into word numbers
// and counts the vocabulary that compound splitting needs, the second analyses every article from its
// word numbers; then the postings are counted, made to measure and filled in article order.
func build(articles []kb.Article, syn *Synonyms) *state {
	st := &state{byID: make(map[string]uint32, len(articles)), terms: map[string]*postings{}, titles: map[string]uint32{}}
	// First pass: every article's text read once into word numbers, on all cores; the words counted make
	// the dictionary that compound splitting needs.
	chunks := parallelChunks(len(articles), func(lo, hi int) *tokenized { return tokenizeChunk(articles, lo, hi) })
	vocabulary := map[string]int32{}
	var total [numFields]float64
	for _, tk := range chunks {
		for n, w := range tk.words {
			if !stopWords[w] {
				vocabulary[w] += tk.count[n]
			}
		}
		for _, l := range tk.lens {
			for f := range total {
				total[f] += float64(l[f])
			}
		}
	}
	st.dict = newDictionary(vocabulary)
	for f := range total {
		st.avgLen[f] = float32(total[f]/float64(max(1, len(articles)))) + 1
	}
	// Second pass: the terms of every article from its word numbers, on all cores.
	analysed := make([][]termFreq, len(articles))
	analysers := make([]*analyser, len(chunks))
	var wg sync.WaitGroup
	for w, tk := range chunks {
		wg.Go(func() {
			an := newChunkAnalyser(st.dict, tk)
			for i := tk.lo; i < tk.hi; i++ {
				analysed[i] = an.analyseTokens(tk, i-tk.lo, &st.avgLen)
			}
			analysers[w] = an
			chunks[w] = nil // its words are no longer needed
		})
	}
	wg.Wait()
	// Each worker's terms are looked up in the index once, their postings counted and made to measure,
	// then filled in article order.
	post := make([][]*postings, len(analysers))
	for w, an := range analysers {
		post[w] = make([]*postings, len(an.names))
		for id, term := range an.names {
			post[w][id] = st.postingsOf(term)
		}
		lo, hi := chunk(len(articles), len(analysers), w)
		for i := lo; i < hi; i++ {
			for _, t := range analysed[i] {
				post[w][t.id].df++
			}
		}
	}
	for _, p := range st.terms {
		p.docs, p.tfs, p.about = make([]uint32, 0, p.df), make([]float32, 0, p.df), make([]uint64, 0, (p.df+63)/64)
		p.df = 0
	}
	st.docs = make([]doc, 0, len(articles))
	st.alive = make([]bool, 0, len(articles))
	for w := range analysers {
		lo, hi := chunk(len(articles), len(analysers), w)
		for i := lo; i < hi; i++ {
			st.insertWith(articles[i], analysed[i], func(t termFreq) *postings { return post[w][t.id] })
			analysed[i] = nil
		}
	}
	st.sugg = newSuggester(st.docs)
	return st
}

// add indexes one new article; the caller holds the write lock.
func (st *state) add(a kb.Article) {
	for _, text := range fieldTexts(&a) {
		for _, w := range tokenize(text, nil) {
			if !stopWords[w.text] {
				st.dict.add(w.text)
			}
		}
	}
	an := newAnalyser(st.dict)
	st.insertWith(a, an.analyse(&a, &st.avgLen), func(t termFreq) *postings { return st.postingsOf(an.names[t.id]) })
	st.sugg.add(a)
}

// postingsOf returns the postings of a term, new and empty the first time.
func (st *state) postingsOf(term string) *postings {
	p := st.terms[term]
	if p == nil {
		p = &postings{}
		st.terms[term] = p
	}
	return p
}

// insertWith adds an article with its terms, whose postings post finds.
func (st *state) insertWith(a kb.Article, tfs []termFreq, post func(termFreq) *postings) {
	id := uint32(len(st.docs))
	st.docs = append(st.docs, doc{a: a})
	st.alive = append(st.alive, true)
	t, ok := st.titles[a.Title]
	if !ok {
		t = uint32(len(st.titles))
		st.titles[a.Title] = t
	}
	st.title = append(st.title, t)
	st.byID[a.ID] = id
	st.live++
	for _, t := range tfs {
		p := post(t)
		k := len(p.docs)
		p.docs = append(p.docs, id)
		p.tfs = append(p.tfs, t.tf)
		if k%64 == 0 {
			p.about = append(p.about, 0)
		}
		if t.about {
			p.about[k/64] |= 1 << (k % 64)
		}
		p.df++
	}
}

// remove turns an article into a tombstone; the caller holds the write lock.
func (st *state) remove(id string) {
	n, ok := st.byID[id]
	if !ok {
		return
	}
	delete(st.byID, id)
	d := &st.docs[n]
	st.alive[n] = false
	st.live--
	an := newAnalyser(st.dict)
	for _, t := range an.analyse(&d.a, &st.avgLen) {
		if p := st.terms[an.names[t.id]]; p != nil {
			p.df--
		}
	}
	st.sugg.remove(d.a)
}

// idf is the BM25 inverse document frequency of a term occurring in df live articles.
func (st *state) idf(df int32) float32 {
	n := float64(max(st.live, 1))
	return float32(math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5)))
}

// fieldTexts returns the searchable text of each field. The internal note is for staff and never indexed.
func fieldTexts(a *kb.Article) [numFields]string {
	return [numFields]string{
		fieldTitle:     a.Title,
		fieldUPL:       a.UPL,
		fieldKeywords:  strings.Join(a.Keywords, " ; "),
		fieldQuestions: strings.Join(a.Questions, " ; "),
		fieldSummary:   a.Summary,
		fieldBody:      a.Body,
		fieldEnglish:   englishText(a),
	}
}

// englishText is the English version of an article as one text, or "".
func englishText(a *kb.Article) string {
	if a.English == nil {
		return ""
	}
	return a.English.Title + " ; " + a.English.Summary + " ; " + a.English.Body
}

// termFreq is a term of one article: its number in the analyser that found it (see analyser.names), its
// field-weighted, length-normalised frequency and whether it is in what the article is about. It holds no
// pointer, so the analysed articles of a build cost the garbage collector nothing to scan.
type termFreq struct {
	id    int32
	tf    float32
	about bool // the term is in a field that says what the article is about
}

// parallelChunks splits [0,n) into one chunk per core (see chunk) and runs fn on each concurrently.
func parallelChunks[T any](n int, fn func(lo, hi int) T) []T {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/256))
	out := make([]T, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { out[w] = fn(chunk(n, workers, w)) })
	}
	wg.Wait()
	return out
}

// chunk is the part of [0,n) that worker w of workers takes.
func chunk(n, workers, w int) (lo, hi int) { return n * w / workers, n * (w + 1) / workers }
