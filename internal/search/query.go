package search

import (
	"slices"
	"sort"
	"strings"

	"loket/internal/kb"
)

// Weights of the terms a query word is expanded with, relative to the word itself.
const (
	weightPart   = 0.6 // "vuilnisbelasting" -> vuilnis, belasting
	weightFuzzy1 = 0.8 // one typo
	weightFuzzy2 = 0.6 // two typos
)

// plan is an analysed query: one group per content word, each with the terms that may stand for it.
type plan struct {
	groups  []group
	terms   map[string]bool // every term of every group, for highlighting
	english bool            // the query is in English: show English text where an article has it
	// business: a word of the query is of the thesaurus's theme Ondernemen (bedrijf, winkel, horeca, ...).
	business bool
}

// group is one query word with its alternatives. An article's score for the group is that of its best
// matching alternative plus half of the others, so a word with many synonyms does not outweigh the rest.
type group struct {
	terms      []qterm
	importance float32 // idf of the word, used for the share of the query an article covers
	light      bool    // a generic verb or noun such as "aanvragen" or "kosten"
	// unknown: the word is a compound the knowledge base never uses, found only through its parts; it
	// keeps the importance of an unknown word, so an article matching a part covers it only in part.
	unknown bool
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
	var stems []string              // stem per content word, after typo correction
	var groups []group              // parallel to stems
	all := make([]string, len(ws))  // every word, stop words as typed, for phrases with stop words
	groupAt := make([]int, len(ws)) // the group of each word, -1 for none
	index := map[string]int{}
	for i, w := range ws {
		groupAt[i] = -1
		all[i] = w.text
		if stopWords[w.text] || len(w.text) < 2 {
			continue
		}
		s := stem(w.text)
		all[i] = s
		if gi, ok := index[s]; ok {
			groupAt[i] = gi
			continue
		}
		if len(groups) >= maxGroups {
			continue
		}
		g, canonical := st.wordGroup(w.text, s, syn)
		index[s] = len(groups)
		groupAt[i] = len(groups)
		stems = append(stems, canonical)
		groups = append(groups, g)
	}
	business := false
	for i := range stems {
		business = business || syn.business[stems[i]]
		for _, r := range syn.match(stems, i) {
			business = business || r.business
			for j := i; j < i+len(r.from); j++ {
				groups[j].addTargets(r)
			}
		}
	}
	for i := range all {
		for _, r := range syn.matchPhrases(all, i) {
			business = business || r.business
			groups = st.addPhrase(groups, groupAt[i:i+len(r.from)], r)
		}
	}
	p := plan{groups: groups, terms: map[string]bool{}, english: isEnglish(ws, syn), business: business}
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

// wordGroup builds the group of one content word: the word, its verb form or typo corrections, and its
// parts when it is a compound. It returns the stem that synonyms are looked up by.
func (st *state) wordGroup(w, s string, syn *Synonyms) (group, string) {
	g := group{}
	g.addTerm(s, 1)
	canonical := s
	if alt, ok := st.inflection(w, s); ok {
		g.addTerm(alt, 1)
		canonical = alt
	} else if !st.knownWord(w, s, syn) {
		for k, m := range st.dict.fuzzy(w, syn.wordsByLen(), 3) {
			ms := stem(m.word)
			g.addTerm(ms, fuzzyWeight(m.dist))
			if k == 0 {
				canonical = ms
			}
		}
	}
	if st.dict.count[w] > 0 || !syn.known(canonical) {
		parts := st.dict.split(w)
		if parts == nil && st.dict.count[w] == 0 && !st.hasTerm(s) {
			parts = splitDutch(w) // a compound the knowledge base never uses: look for its parts
		}
		g.unknown = len(g.terms) == 1 && len(parts) > 0 && !st.hasTerm(s) && !syn.known(s)
		for _, part := range parts {
			if ps := stem(part); st.hasTerm(ps) || syn.known(ps) {
				g.addTerm(ps, weightPart)
			}
		}
	}
	g.light = lightWords[s] || syn.light[s]
	return g, canonical
}

// addTargets adds what a synonym rule finds to the group.
func (g *group) addTargets(r synRule) {
	for _, to := range r.to {
		w := r.weight / float32(len(to))
		for _, t := range to {
			g.addTerm(t, w)
		}
	}
}

// addPhrase applies a rule whose phrase has stop words ("niet eens met" => bezwaar) to the groups of the
// phrase's content words or, when it has none, as a group of its own.
func (st *state) addPhrase(groups []group, at []int, r synRule) []group {
	found := false
	for _, gi := range at {
		if gi >= 0 {
			groups[gi].addTargets(r)
			found = true
		}
	}
	if found || len(groups) >= maxGroups {
		return groups
	}
	g := group{}
	g.addTargets(r)
	return append(groups, g)
}

// isEnglish reports whether a query is in English: more of its words are English than Dutch.
func isEnglish(ws []word, syn *Synonyms) bool {
	en, nl := 0, 0
	l := dutchWords()
	for _, w := range ws {
		e := englishWords[w.text] || syn.english[w.text]
		d := dutchStop[w.text] || l.has(w.text)
		switch {
		case e && !d:
			en++
		case d && !e:
			nl++
		}
	}
	return en > nl
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
	if g.unknown {
		return st.idf(0)
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
	about    float32 // the same in what the article is about; set for the first result only
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
	covs           []float32
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

// commonShare is the share of live articles above which a term counts as common ("gemeente"): its idf is
// near zero, so it only adds to the articles the query's other words found and is not scored in full.
const commonShare = 0.4

// rank scores every live article matching the plan (BM25F) and returns the best limit of them, best first,
// and the best articles that compete with the first.
func (ix *Index) rank(st *state, p plan, limit int) ([]scored, rivals) {
	s := ix.getScratch(len(st.docs))
	defer ix.scratch.Put(s)
	s.stamp++
	s.touched = s.touched[:0]
	var totalImportance float32
	common := int32(float64(st.live) * commonShare)
	order, selective := st.groupOrder(p, common)
	for _, gi := range order {
		g := &p.groups[gi]
		totalImportance += g.importance
		s.gstamp++
		s.gdocs = s.gdocs[:0]
		cov := s.termCov(st, g)
		for ti, t := range g.terms {
			pl := st.terms[t.term]
			if pl == nil || pl.df == 0 {
				continue
			}
			idf := st.idf(pl.df)
			restrict := selective && pl.df > common
			for k, d := range pl.docs {
				if restrict && s.docStamp[d] != s.stamp || !st.alive[d] {
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
				s.gCov[d] = max(s.gCov[d], cov[ti])
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
	var rv rivals
	if len(top) > 0 {
		top[0].about = st.aboutCoverage(s, top[0].doc, p, totalImportance)
		rv = st.rivalsOf(top[0], s.touched, func(d uint32) scored {
			return scored{doc: d, score: s.score[d], coverage: s.cov[d] / totalImportance}
		})
	}
	return top, rv
}

// rivalsOf finds, among the candidates, the best articles that compete with best for the direct answer.
func (st *state) rivalsOf(best scored, cands []uint32, score func(uint32) scored) rivals {
	var rv rivals
	a := &st.docs[best.doc].a
	needResident := !forResidents(a)
	for _, d := range cands {
		if st.title[d] == st.title[best.doc] {
			continue
		}
		c := score(d)
		if c.score <= rv.other.score && !(needResident && rv.resident.score == 0) {
			continue
		}
		rv.consider(a, &st.docs[d].a, c, best)
	}
	return rv
}

// aboutCoverage is the importance-weighted share of the query's words that article d matches in what it is
// about (title, product name, keywords, question variants, summary), as in termCov.
func (st *state) aboutCoverage(s *scratch, d uint32, p plan, totalImportance float32) float32 {
	if totalImportance == 0 {
		return 0
	}
	var got float32
	for gi := range p.groups {
		g := &p.groups[gi]
		cov := s.termCov(st, g)
		best := float32(0)
		for ti, t := range g.terms {
			if cov[ti] <= best {
				continue
			}
			if pl := st.terms[t.term]; pl != nil && pl.df > 0 && pl.isAbout(d) {
				best = cov[ti]
			}
		}
		got += best
	}
	return got / totalImportance
}

// rivals are the best articles that compete with the first result for the direct answer (score 0 when
// there is none): the best of any kind and, when the first is for entrepreneurs only, the best one for
// residents.
type rivals struct {
	other, resident scored
}

// termCov returns how much of the group's importance each of its terms covers when an article matches it:
// as much as the term is specific, up to the importance, times how close the term is to the word typed
// (1 for the word itself, less for a synonym, a broader word, a part or a typo correction).
func (s *scratch) termCov(st *state, g *group) []float32 {
	s.covs = s.covs[:0]
	for _, t := range g.terms {
		w := t.weight
		if g.light {
			w /= lightWeight
		}
		var idf float32
		if pl := st.terms[t.term]; pl != nil && pl.df > 0 {
			idf = st.idf(pl.df)
		}
		s.covs = append(s.covs, min(g.importance, idf*t.weight)*min(1, w/covFull))
	}
	return s.covs
}

// covFull is the weight from which a matching term covers its query word fully: the word itself and its
// equivalent words do, a broader word, a part of a compound or a two-typo correction covers less.
const covFull = 1.0

// groupOrder returns the order in which rank scores the query's groups: those with a selective term first,
// so that common terms only need to add to the articles found already. selective reports whether any group
// has a term in at most common articles; when none has, every term is scored in full.
func (st *state) groupOrder(p plan, common int32) (order []int, selective bool) {
	order = make([]int, 0, len(p.groups))
	var rest []int
	for gi := range p.groups {
		sel := false
		for _, t := range p.groups[gi].terms {
			if pl := st.terms[t.term]; pl != nil && pl.df > 0 && pl.df <= common {
				sel = true
				break
			}
		}
		if sel {
			order = append(order, gi)
		} else {
			rest = append(rest, gi)
		}
	}
	return append(order, rest...), len(order) > 0
}

// consider records c, the score of article b, as a rival of best, article a, when it competes with it and
// beats the rival of its kind found so far.
func (rv *rivals) consider(a, b *kb.Article, c, best scored) {
	if !competes(a, b) || sameFamily(a, b) {
		return
	}
	if c.score > rv.other.score {
		rv.other = c
	}
	if !forResidents(a) && forResidents(b) && c.score > rv.resident.score {
		rv.resident = c
	}
}

// forResidents reports whether an article is meant for residents (inwoners), the audience a query is from
// unless it says otherwise.
func forResidents(a *kb.Article) bool {
	return len(a.Audience) == 0 || slices.Contains(a.Audience, "inwoner")
}

// competes reports whether b is an alternative to a as the answer to a query: not a copy of a (the same
// title, as in several municipalities).
func competes(a, b *kb.Article) bool {
	return a.Title != b.Title
}

// sameFamily reports whether the editors linked a and b as related and gave them the same theme and
// audience, as a product and its own questions and answers: then either answers a query both fit, and the
// answer page links to the other, so b does not stand in the way of a direct answer.
func sameFamily(a, b *kb.Article) bool {
	return related(a, b) && !otherTopic(a, b)
}

// related reports whether the editors linked a and b. A related article still competes, with a smaller
// margin: a lost passport and found objects are related, and a query that fits both equally fits neither.
func related(a, b *kb.Article) bool {
	return slices.Contains(a.Related, b.ID) || slices.Contains(b.Related, a.ID)
}

// otherTopic reports whether b is about something else than a for the direct answer: another theme, or
// for another audience (household waste for residents, business waste for entrepreneurs).
func otherTopic(a, b *kb.Article) bool {
	return a.Theme != b.Theme || !slices.Equal(a.Audience, b.Audience)
}

// better orders candidates by score, then by id so that results are stable.
func better(a, b scored, st *state) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return st.docs[a.doc].a.ID < st.docs[b.doc].a.ID
}
