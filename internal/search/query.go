package search

import (
	"slices"
	"sort"
	"strings"

	"loket/internal/kb"
)

// Weights of the terms a query word is expanded with, relative to the word itself.
const (
	weightSynonym = 0.8
	weightPart    = 0.6 // "vuilnisbelasting" -> vuilnis, belasting
	weightFuzzy1  = 0.8 // one typo
	weightFuzzy2  = 0.6 // two typos
)

// plan is an analysed query: one group per content word, each with the terms that may stand for it.
type plan struct {
	groups []group
	terms  map[string]bool // every term of every group, for highlighting
}

// group is one query word with its alternatives. An article's score for the group is that of its best
// matching alternative plus half of the others, so a word with many synonyms does not outweigh the rest.
type group struct {
	terms      []qterm
	importance float32 // idf of the word, used for the share of the query an article covers
	light      bool    // a generic verb or noun such as "aanvragen" or "kosten"
}

// lightWeight is the weight of light words: verbs and nouns that say what someone wants to do with a
// product (apply, change, report, cost) rather than which product. They help to rank, but the topic of a
// query is what decides.
const lightWeight = 0.5

var lightWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`aanvragen aanvraag opvragen indienen melden melding doorgeven regelen
		krijgen maken doen nodig wijzigen veranderen aanpassen kosten kost prijs tarief informatie info zoeken
		gebruiken online apply request change report cost price information`) {
		m[stem(w)] = true
	}
	return m
}()

type qterm struct {
	term   string
	weight float32
}

func (g *group) addTerm(term string, w float32) {
	for i := range g.terms {
		if g.terms[i].term == term {
			g.terms[i].weight = max(g.terms[i].weight, w)
			return
		}
	}
	g.terms = append(g.terms, qterm{term, w})
}

// groupRest is how much the alternatives of a query word count besides the best matching one.
const groupRest = 0.1

// maxGroups bounds the work a long message causes; a uint64 bit set records which groups an article matched.
const maxGroups = 64

// analyseQuery turns a query into a plan: stop words are dropped, words split by a space or hyphen that form
// a known compound are joined, unknown words are corrected to known words within a small edit distance,
// compounds are split into their parts and synonyms are added.
func (st *state) analyseQuery(q string, syn *Synonyms) plan {
	ws := st.joinCompounds(tokenize(q, nil))
	var stems []string // stem per content word, after typo correction
	var groups []group // parallel to stems
	index := map[string]bool{}
	for _, w := range ws {
		if stopWords[w.text] || len(w.text) < 2 || len(groups) >= maxGroups {
			continue
		}
		s := stem(w.text)
		if index[s] {
			continue
		}
		index[s] = true
		g := group{}
		g.addTerm(s, 1)
		canonical := s
		if alt, ok := st.inflection(w.text, s); ok {
			g.addTerm(alt, 1)
			canonical = alt
		} else if !st.knownWord(w.text, s, syn) {
			for k, m := range st.dict.fuzzy(w.text, syn.words, 3) {
				ms := stem(m.word)
				g.addTerm(ms, fuzzyWeight(m.dist))
				if k == 0 {
					canonical = ms
				}
			}
		}
		if st.dict.count[w.text] > 0 || !syn.known(canonical) {
			for _, part := range st.dict.split(w.text) {
				g.addTerm(stem(part), weightPart)
			}
		}
		if lightWords[s] {
			g.light = true
		}
		stems = append(stems, canonical)
		groups = append(groups, g)
	}
	for i := range stems {
		for _, r := range syn.match(stems, i) {
			for _, to := range r.to {
				w := weightSynonym / float32(len(to))
				for _, t := range to {
					for j := i; j < i+len(r.from); j++ {
						groups[j].addTerm(t, w)
					}
				}
			}
		}
	}
	p := plan{groups: groups, terms: map[string]bool{}}
	for gi := range p.groups {
		g := &p.groups[gi]
		g.importance = st.importance(g)
		if g.light {
			g.importance *= lightWeight
			for i := range g.terms {
				g.terms[i].weight *= lightWeight
			}
		}
		for _, t := range g.terms {
			p.terms[t.term] = true
		}
	}
	return p
}

// joinCompounds joins words that people wrote apart but the knowledge base writes as one compound, such as
// "laad paal", "schuld hulp verlening" or "digi d", allowing one typo in long compounds ("honde belasting").
func (st *state) joinCompounds(ws []word) []word {
	out := ws[:0:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		for n := min(2, len(ws)-1-i); n >= 1; n-- {
			if j, ok := st.joined(ws[i : i+n+1]); ok {
				w = word{text: j, start: ws[i].start, end: ws[i+n].end}
				i += n
				break
			}
		}
		out = append(out, w)
	}
	return out
}

func (st *state) joined(ws []word) (string, bool) {
	joined := ""
	for i, w := range ws {
		if stopWords[w.text] && (i == 0 || len(w.text) > 1) || !isAlpha(w.text) {
			return "", false
		}
		joined += w.text
	}
	if st.dict.count[joined] > 0 {
		return joined, true
	}
	if len(joined) >= 10 {
		if m := st.dict.fuzzy(joined, nil, 1); len(m) == 1 && m[0].dist == 1 {
			return m[0].word, true
		}
	}
	return "", false
}

func fuzzyWeight(dist int) float32 {
	if dist <= 1 {
		return weightFuzzy1
	}
	return weightFuzzy2
}

// inflection handles the verb forms the Snowball stemmer leaves alone: "verloopt" and "gekapt" are found
// as "verlopen" and "kappen" when the knowledge base uses the infinitive but not the form typed.
func (st *state) inflection(w, s string) (string, bool) {
	if st.hasTerm(s) || len(w) < 6 || !isAlpha(w) {
		return "", false
	}
	cands := []string{}
	if w[len(w)-1] == 't' || w[len(w)-1] == 'd' {
		cands = append(cands, w[:len(w)-1])
	}
	if len(w) > 7 && w[:2] == "ge" && (w[len(w)-1] == 't' || w[len(w)-1] == 'd') {
		cands = append(cands, w[2:len(w)-1]+"en", w[2:len(w)-1])
	}
	for _, c := range cands {
		if cs := stem(c); st.hasTerm(cs) {
			return cs, true
		}
	}
	return "", false
}

func (st *state) hasTerm(t string) bool {
	p := st.terms[t]
	return p != nil && p.df > 0
}

// knownWord reports whether a word needs no typo correction.
func (st *state) knownWord(w, s string, syn *Synonyms) bool {
	if len(w) < 5 || !isAlpha(w) || st.dict.count[w] > 0 || syn.known(s) {
		return true
	}
	p := st.terms[s]
	return p != nil && p.df > 0
}

// importance is the idf of the group's own word, or of its best alternative when the knowledge base does
// not use the word itself; a word nothing matches keeps the highest possible idf, so that an article cannot
// seem to answer a query while missing its most specific word.
func (st *state) importance(g *group) float32 {
	if p := st.terms[g.terms[0].term]; p != nil && p.df > 0 {
		return st.idf(p.df)
	}
	best := float32(0)
	for _, t := range g.terms[1:] {
		if p := st.terms[t.term]; p != nil && p.df > 0 {
			best = max(best, st.idf(p.df)*t.weight)
		}
	}
	if best == 0 {
		return st.idf(0)
	}
	return best
}

// scored is one candidate article.
type scored struct {
	doc      uint32
	score    float32
	coverage float32 // importance-weighted share of the query's words the article matches
}

// scratch holds per-query accumulators, reused through a pool; stamps avoid clearing them.
type scratch struct {
	score, cov     []float32
	gMax, gSum     []float32
	gCov           []float32
	docStamp       []uint32
	groupStamp     []uint32
	stamp, gstamp  uint32
	touched, gdocs []uint32
}

func (ix *Index) getScratch(n int) *scratch {
	s, _ := ix.scratch.Get().(*scratch)
	if s == nil || len(s.score) < n {
		n = n + n/4 + 16
		s = &scratch{
			score: make([]float32, n), cov: make([]float32, n),
			gMax: make([]float32, n), gSum: make([]float32, n), gCov: make([]float32, n),
			docStamp: make([]uint32, n), groupStamp: make([]uint32, n),
		}
	}
	return s
}

// rank scores every live article matching the plan (BM25F) and returns the best limit of them, best first,
// and the score of the best article that competes with the first.
func (ix *Index) rank(st *state, p plan, limit int) ([]scored, float32) {
	s := ix.getScratch(len(st.docs))
	defer ix.scratch.Put(s)
	s.stamp++
	s.touched = s.touched[:0]
	var totalImportance float32
	for _, g := range p.groups {
		totalImportance += g.importance
		s.gstamp++
		s.gdocs = s.gdocs[:0]
		for _, t := range g.terms {
			pl := st.terms[t.term]
			if pl == nil || pl.df == 0 {
				continue
			}
			idf := st.idf(pl.df)
			for k, d := range pl.docs {
				if !st.docs[d].alive {
					continue
				}
				tf := pl.tfs[k]
				v := t.weight * idf * tf * (bm25K1 + 1) / (tf + bm25K1)
				if s.groupStamp[d] != s.gstamp {
					s.groupStamp[d] = s.gstamp
					s.gMax[d], s.gSum[d], s.gCov[d] = 0, 0, 0
					s.gdocs = append(s.gdocs, d)
				}
				s.gMax[d] = max(s.gMax[d], v)
				s.gSum[d] += v
				s.gCov[d] = max(s.gCov[d], min(g.importance, idf*t.weight))
			}
		}
		for _, d := range s.gdocs {
			if s.docStamp[d] != s.stamp {
				s.docStamp[d] = s.stamp
				s.score[d], s.cov[d] = 0, 0
				s.touched = append(s.touched, d)
			}
			s.score[d] += s.gMax[d] + groupRest*(s.gSum[d]-s.gMax[d])
			s.cov[d] += s.gCov[d]
		}
	}
	top := make([]scored, 0, limit+1)
	for _, d := range s.touched {
		c := scored{doc: d, score: s.score[d], coverage: s.cov[d] / totalImportance}
		if len(top) == limit && !better(c, top[limit-1], st) {
			continue
		}
		at := sort.Search(len(top), func(i int) bool { return better(c, top[i], st) })
		top = append(top, scored{})
		copy(top[at+1:], top[at:])
		top[at] = c
		if len(top) > limit {
			top = top[:limit]
		}
	}
	var runnerUp float32
	if len(top) > 0 {
		first := &st.docs[top[0].doc].a
		for _, d := range s.touched {
			if s.score[d] > runnerUp && competes(first, &st.docs[d].a) {
				runnerUp = s.score[d]
			}
		}
	}
	return top, runnerUp
}

// competes reports whether b is an alternative to a as the answer to a query: not a copy of a (the same
// title, as in several municipalities) and not linked to it by the editors as a related article.
func competes(a, b *kb.Article) bool {
	return a.Title != b.Title && !slices.Contains(a.Related, b.ID) && !slices.Contains(b.Related, a.ID)
}

// better orders candidates by score, then by id so that results are stable.
func better(a, b scored, st *state) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return st.docs[a.doc].a.ID < st.docs[b.doc].a.ID
}
