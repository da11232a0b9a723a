package search

import "loket/internal/kb"

// analyser turns articles into their terms. One build worker owns one: it remembers every word it has seen
// (stop word or not, its stem and its compound parts) and every term as a small number, so that analysing
// an article costs one map look-up per word and no allocation per word.
type analyser struct {
	dict  *dictionary
	words map[string]int32 // folded word -> index in info
	info  []wordInfo
	terms map[string]int32 // term -> local term number
	names []string         // local term number -> term
	// per article, reused
	acc     []float32
	about   []bool
	touched []int32
	ws      []word
}

// wordInfo is what the analyser knows of a word.
type wordInfo struct {
	skip  bool    // a stop word or a single letter
	stem  int32   // local term number of the stem
	parts []int32 // local term numbers of the stems of its compound parts
}

func newAnalyser(d *dictionary) *analyser {
	return &analyser{dict: d, words: map[string]int32{}, terms: map[string]int32{}}
}

// term returns the local number of a term, adding it when new.
func (an *analyser) term(t string) int32 {
	if n, ok := an.terms[t]; ok {
		return n
	}
	n := int32(len(an.names))
	an.terms[t] = n
	an.names = append(an.names, t)
	an.acc = append(an.acc, 0)
	an.about = append(an.about, false)
	return n
}

// word returns what the analyser knows of a folded word, working it out the first time.
func (an *analyser) word(w string) *wordInfo {
	if n, ok := an.words[w]; ok {
		return &an.info[n]
	}
	wi := wordInfo{skip: stopWords[w] || len(w) < 2}
	if !wi.skip {
		wi.stem = an.term(stem(w))
		for _, part := range an.dict.split(w) {
			wi.parts = append(wi.parts, an.term(stem(part)))
		}
	}
	an.words[w] = int32(len(an.info))
	an.info = append(an.info, wi)
	return &an.info[len(an.info)-1]
}

func (an *analyser) add(t int32, v float32, about bool) {
	if an.acc[t] == 0 {
		an.touched = append(an.touched, t)
	}
	an.acc[t] += v
	an.about[t] = an.about[t] || about
}

// analyse returns the terms of an article with their field-weighted, length-normalised frequency; the
// term strings are the analyser's own, shared between articles.
func (an *analyser) analyse(a *kb.Article, avgLen *[numFields]float32) []termFreq {
	an.touched = an.touched[:0]
	for f, text := range fieldTexts(a) {
		norm := fieldWeight[f] / (1 - fieldB[f] + fieldB[f]*float32(len(text))/avgLen[f])
		about := aboutField(f)
		an.ws = tokenize(text, an.ws[:0])
		for i := range an.ws {
			w := &an.ws[i]
			if w.hyphenated && i > 0 {
				an.add(an.term(stem(an.ws[i-1].text+w.text)), norm, about)
			}
			wi := an.word(w.text)
			if wi.skip {
				continue
			}
			an.add(wi.stem, norm, about)
			for _, p := range wi.parts {
				an.add(p, norm*partWeight, about)
			}
		}
	}
	out := make([]termFreq, len(an.touched))
	for i, t := range an.touched {
		out[i] = termFreq{id: t, term: an.names[t], tf: an.acc[t], about: an.about[t]}
		an.acc[t], an.about[t] = 0, false
	}
	return out
}
