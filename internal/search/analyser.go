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
	an.words[w] = int32(len(an.info))
	an.info = append(an.info, an.describe(w))
	return &an.info[len(an.info)-1]
}

// describe works out what the analyser needs to know of a folded word.
func (an *analyser) describe(w string) wordInfo {
	wi := wordInfo{skip: stopWords[w] || len(w) < 2}
	if !wi.skip {
		wi.stem = an.term(stem(w))
		for _, part := range an.dict.split(w) {
			wi.parts = append(wi.parts, an.term(stem(part)))
		}
	}
	return wi
}

func (an *analyser) add(t int32, v float32, about bool) {
	if an.acc[t] == 0 {
		an.touched = append(an.touched, t)
	}
	an.acc[t] += v
	an.about[t] = an.about[t] || about
}

// analyse returns the terms of an article with their field-weighted, length-normalised frequency, by their
// numbers in this analyser.
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
	return an.collect()
}

// collect returns the terms added since the last collect and clears them.
func (an *analyser) collect() []termFreq {
	out := make([]termFreq, len(an.touched))
	for i, t := range an.touched {
		out[i] = termFreq{id: t, tf: an.acc[t], about: an.about[t]}
		an.acc[t], an.about[t] = 0, false
	}
	return out
}

// tokenized is a chunk of articles after the first pass of a build: every word once, and the articles'
// texts as word numbers, so that the second pass reads no text again.
type tokenized struct {
	lo, hi int                 // the articles of the chunk
	words  []string            // word number -> folded word
	index  map[string]uint32   // folded word -> word number
	count  []int32             // occurrences per word number
	tokens []uint32            // the words of every article, field after field (hyphenBit: see tokenizeChunk)
	ends   [][numFields]uint32 // per article of the chunk: where the words of each field end in tokens
	lens   [][numFields]int32  // per article of the chunk: the length of each field in bytes
}

// hyphenBit marks a word in tokenized.tokens that a hyphen joins to the word before it ("id-kaart").
const hyphenBit = 1 << 31

// tokenizeChunk reads articles[lo:hi] once.
func tokenizeChunk(articles []kb.Article, lo, hi int) *tokenized {
	tk := &tokenized{lo: lo, hi: hi, index: map[string]uint32{},
		ends: make([][numFields]uint32, hi-lo), lens: make([][numFields]int32, hi-lo)}
	// Dutch text has a word for every six bytes or so: room for a fifth more words than that, so the list
	// of word numbers is not grown (and copied) while the chunk is read.
	size := 0
	for i := lo; i < hi; i++ {
		size += textLen(&articles[i])
	}
	tk.tokens = make([]uint32, 0, size/5+64)
	var ws []word
	for i := lo; i < hi; i++ {
		for f, text := range fieldTexts(&articles[i]) {
			tk.lens[i-lo][f] = int32(len(text))
			ws = tokenize(text, ws[:0])
			for _, w := range ws {
				n, ok := tk.index[w.text]
				if !ok {
					n = uint32(len(tk.words))
					tk.index[w.text] = n
					tk.words = append(tk.words, w.text)
					tk.count = append(tk.count, 0)
				}
				tk.count[n]++
				if w.hyphenated {
					n |= hyphenBit
				}
				tk.tokens = append(tk.tokens, n)
			}
			tk.ends[i-lo][f] = uint32(len(tk.tokens))
		}
	}
	return tk
}

// newChunkAnalyser is an analyser for the articles of tk, knowing its words by their numbers.
func newChunkAnalyser(d *dictionary, tk *tokenized) *analyser {
	an := &analyser{dict: d, terms: map[string]int32{}, info: make([]wordInfo, len(tk.words))}
	for n, w := range tk.words {
		an.info[n] = an.describe(w)
	}
	return an
}

// analyseTokens is analyse for article k of the chunk tk, from its word numbers.
func (an *analyser) analyseTokens(tk *tokenized, k int, avgLen *[numFields]float32) []termFreq {
	an.touched = an.touched[:0]
	start := uint32(0)
	if k > 0 {
		start = tk.ends[k-1][numFields-1]
	}
	for f := range numFields {
		text := tk.tokens[start:tk.ends[k][f]]
		start = tk.ends[k][f]
		norm := fieldWeight[f] / (1 - fieldB[f] + fieldB[f]*float32(tk.lens[k][f])/avgLen[f])
		about := aboutField(f)
		for i, t := range text {
			n := t &^ hyphenBit
			if t&hyphenBit != 0 && i > 0 {
				an.add(an.term(stem(tk.words[text[i-1]&^hyphenBit]+tk.words[n])), norm, about)
			}
			wi := &an.info[n]
			if wi.skip {
				continue
			}
			an.add(wi.stem, norm, about)
			for _, p := range wi.parts {
				an.add(p, norm*partWeight, about)
			}
		}
	}
	return an.collect()
}

// textLen is about the length in bytes of an article's searchable text, without building it.
func textLen(a *kb.Article) int {
	n := len(a.Title) + len(a.UPL) + len(a.Summary) + len(a.Body)
	for _, k := range a.Keywords {
		n += len(k) + 3
	}
	for _, q := range a.Questions {
		n += len(q) + 3
	}
	if a.English != nil {
		n += len(a.English.Title) + len(a.English.Summary) + len(a.English.Body)
	}
	return n
}
