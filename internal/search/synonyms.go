package search

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Synonyms maps words and phrases people use to the words the knowledge base uses: the national thesaurus
// (see Thesaurus) and a municipality's own list on top. It is read-only after loading and safe for
// concurrent use.
//
// The format has rules of one line and concept blocks; blank lines and text after # are ignored:
//
//	kliko, minicontainer, afvalcontainer       equivalent terms: a query with any of them also finds the others
//	roze pasje, rijpapieren => rijbewijs       one-way: a query with a term left of => also finds those right of it
//	beuk, eik, linde < boom                    narrower terms: a query with one also finds the broader term, weaker
//	licht: vader, moeder, buren                words that say who, not what: they weigh less than the topic
//
//	[minicontainer]                            a concept, named by its official word
//	woorden: afvalcontainer, container         more official words, equivalent to the name
//	spreektaal: kliko, vuilnisbak              everyday words and phrases that mean the concept
//	engels: wheelie bin, bin                   English words expats use for it
//	breder: afval                              broader concepts, found too, weaker
//	smaller: gft-container, papiercontainer    narrower words, which find the concept, weaker
//
// Terms may be phrases of several words. They are matched after analysis (lower case, accents removed,
// Dutch stemming), so "Kliko's" matches "kliko". A phrase with a stop word in it ("niet eens met") is
// matched word for word, stop words included; other phrases ignore the stop words between their words.
type Synonyms struct {
	byFirst map[string][]synRule // first stem of the phrase -> rules, matched on the query's content words
	phrases map[string][]synRule // the same for phrases with stop words, matched on all the query's words
	words   []string             // folded single words of all phrases, for typo correction
	byLen   struct {             // words grouped by length, made on first use
		once sync.Once
		g    *wordsByLen
	}
	seen    map[string]bool // words already in words
	english map[string]bool // folded words of English terms, to recognise English queries
	light   map[string]bool // stems of words that weigh less
	// business holds the stems of the words of the theme Ondernemen: a query with one of them says it is
	// about a business, so an article for entrepreneurs only may answer it.
	business map[string]bool
	rules    int
	// loadingBusiness is set while the theme file Ondernemen is read.
	loadingBusiness bool
}

// synRule says: the stem sequence from also finds the stem sequences in to, at weight.
type synRule struct {
	from     []string
	to       [][]string
	weight   float32
	business bool // the rule is of the theme Ondernemen
}

// Weights of what a rule adds to a query word, relative to the word itself.
const (
	weightSynonym = 0.8
	weightBroader = 0.55 // a broader or narrower word: beuk finds boom, but less strongly than boom itself
)

func newSynonyms() *Synonyms {
	return &Synonyms{byFirst: map[string][]synRule{}, phrases: map[string][]synRule{}, seen: map[string]bool{},
		english: map[string]bool{}, light: map[string]bool{}, business: map[string]bool{}}
}

// LoadSynonyms reads a synonym list in the format described at Synonyms. Errors name the line.
func LoadSynonyms(r io.Reader) (*Synonyms, error) {
	s := newSynonyms()
	if err := s.read(r, ""); err != nil {
		return nil, err
	}
	return s, nil
}

// read adds the rules of one file; name prefixes errors when not empty.
func (s *Synonyms) read(r io.Reader, name string) error {
	prefix := "search: synonyms"
	if name != "" {
		prefix = "search: " + name
	}
	var c *concept
	flush := func() error {
		if c == nil {
			return nil
		}
		err := s.addConcept(c)
		c = nil
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		var err error
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "["):
			if err = flush(); err == nil {
				c, err = newConcept(line)
			}
		case c != nil && isConceptKey(line):
			err = c.add(line)
		default:
			if err = flush(); err == nil {
				err = s.addLine(line)
			}
		}
		if err != nil {
			return &LineError{Line: n, Err: fmt.Errorf("%s line %d: %w", prefix, n, err)}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("%s, last concept: %w", prefix, err)
	}
	return nil
}

// LineError is a synonym list that cannot be read, with the line at fault.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return e.Err.Error() }
func (e *LineError) Unwrap() error { return e.Err }

func (s *Synonyms) addLine(line string) error {
	if rest, ok := strings.CutPrefix(line, "licht:"); ok {
		return s.addLight(rest)
	}
	if left, right, ok := strings.Cut(line, "<"); ok {
		if strings.Contains(right, "<") || strings.Contains(line, "=>") {
			return fmt.Errorf("use < once and not together with =>")
		}
		return s.addOneWay(left, right, weightBroader, false)
	}
	left, right, oneWay := strings.Cut(line, "=>")
	if strings.Contains(right, "=>") {
		return fmt.Errorf("more than one =>")
	}
	if oneWay {
		return s.addOneWay(left, right, weightSynonym, false)
	}
	from, err := s.phraseList(left, false)
	if err != nil {
		return err
	}
	if len(from) < 2 {
		return fmt.Errorf("a group needs at least two terms separated by commas")
	}
	s.addGroup(from)
	return nil
}

// addGroup makes the phrases equivalent.
func (s *Synonyms) addGroup(from []phrase) {
	for i, p := range from {
		var others [][]string
		for j, o := range from {
			if j != i {
				others = append(others, o.stems)
			}
		}
		s.addRule(p, others, weightSynonym)
	}
}

func (s *Synonyms) addOneWay(left, right string, w float32, english bool) error {
	from, err := s.phraseList(left, english)
	if err != nil {
		return err
	}
	to, err := s.phraseList(right, false)
	if err != nil {
		return err
	}
	targets := make([][]string, len(to))
	for i, p := range to {
		targets[i] = p.stems
	}
	for _, p := range from {
		s.addRule(p, targets, w)
	}
	return nil
}

func (s *Synonyms) addLight(list string) error {
	ps, err := s.phraseList(list, false)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if len(p.stems) != 1 {
			return fmt.Errorf("licht: takes single words, not %q", strings.Join(p.stems, " "))
		}
		s.light[p.stems[0]] = true
	}
	return nil
}

// phrase is one analysed term: its content stems and, when it has stop words, all its words.
type phrase struct {
	stems []string // stems of the words that are searched for
	all   []string // every word, stop words as typed and the others stemmed; nil without stop words
}

// phraseList analyses the comma-separated terms of one side of a rule.
func (s *Synonyms) phraseList(list string, english bool) ([]phrase, error) {
	var out []phrase
	for _, term := range strings.Split(list, ",") {
		if strings.TrimSpace(term) == "" {
			return nil, fmt.Errorf("empty term in %q", strings.TrimSpace(list))
		}
		var p phrase
		ws := tokenize(term, nil)
		hasStop := false
		for _, w := range ws {
			if !s.seen[w.text] {
				s.seen[w.text] = true
				s.words = append(s.words, w.text)
			}
			if english {
				s.english[w.text] = true
			}
			if stopWords[w.text] || len(w.text) < 2 {
				hasStop = true
				p.all = append(p.all, w.text)
				continue
			}
			p.stems = append(p.stems, stem(w.text))
			p.all = append(p.all, stem(w.text))
		}
		if len(p.stems) == 0 && len(ws) < 2 {
			return nil, fmt.Errorf("term %q has no words that are searched for", strings.TrimSpace(term))
		}
		if !hasStop {
			p.all = nil
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Synonyms) addRule(from phrase, to [][]string, w float32) {
	var kept [][]string
	for _, t := range to {
		if len(t) > 0 {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return
	}
	s.rules++
	if s.loadingBusiness { // single words; a phrase says so through its rule when the whole phrase matches
		if len(from.stems) == 1 {
			s.business[from.stems[0]] = true
		}
		for _, t := range kept {
			if len(t) == 1 {
				s.business[t[0]] = true
			}
		}
	}
	r := synRule{from: from.stems, to: kept, weight: w, business: s.loadingBusiness}
	if from.all != nil {
		r.from = from.all
		s.phrases[from.all[0]] = append(s.phrases[from.all[0]], r)
		return
	}
	s.byFirst[from.stems[0]] = append(s.byFirst[from.stems[0]], r)
}

// wordsByLen returns the words of all phrases grouped by length; the list is complete once loading ends.
func (s *Synonyms) wordsByLen() *wordsByLen {
	s.byLen.once.Do(func() { s.byLen.g = groupByLen(s.words) })
	return s.byLen.g
}

// match returns the rules whose phrase starts at stems[i].
func (s *Synonyms) match(stems []string, i int) []synRule {
	return matchRules(s.byFirst[stems[i]], stems, i)
}

// matchPhrases returns the rules with stop words whose phrase starts at all[i].
func (s *Synonyms) matchPhrases(all []string, i int) []synRule {
	return matchRules(s.phrases[all[i]], all, i)
}

func matchRules(rules []synRule, seq []string, i int) []synRule {
	var out []synRule
	for _, r := range rules {
		if i+len(r.from) <= len(seq) && equalStrings(seq[i:i+len(r.from)], r.from) {
			out = append(out, r)
		}
	}
	return out
}

// known reports whether a stem starts any phrase.
func (s *Synonyms) known(st string) bool { return len(s.byFirst[st]) > 0 }

// Len returns the number of rules.
func (s *Synonyms) Len() int { return s.rules }

// With returns the rules of s and of local together (a municipality's own words on top of the national
// thesaurus); local may be nil.
func (s *Synonyms) With(local *Synonyms) *Synonyms {
	if local == nil {
		return s // nothing on top: share s (an index only reads its rules), not a copy per tenant
	}
	out := newSynonyms()
	for _, src := range []*Synonyms{s, local} {
		if src == nil {
			continue
		}
		for k, rs := range src.byFirst {
			out.byFirst[k] = append(out.byFirst[k], rs...)
		}
		for k, rs := range src.phrases {
			out.phrases[k] = append(out.phrases[k], rs...)
		}
		for _, w := range src.words {
			if !out.seen[w] {
				out.seen[w] = true
				out.words = append(out.words, w)
			}
		}
		for w := range src.english {
			out.english[w] = true
		}
		for w := range src.light {
			out.light[w] = true
		}
		for w := range src.business {
			out.business[w] = true
		}
		out.rules += src.rules
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// concept is a concept block being read.
type concept struct {
	name                                  string
	words, everyday, english, broader, nw []string // the raw terms of each key
}

// conceptKeys are the keys of a concept block, in Dutch for the editors.
var conceptKeys = []string{"woorden", "spreektaal", "engels", "breder", "smaller"}

func isConceptKey(line string) bool {
	key, _, ok := strings.Cut(line, ":")
	if !ok {
		return false
	}
	key = strings.TrimSpace(key)
	for _, k := range conceptKeys {
		if key == k {
			return true
		}
	}
	return false
}

func newConcept(line string) (*concept, error) {
	name, ok := strings.CutSuffix(strings.TrimPrefix(line, "["), "]")
	if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(name, "[],") {
		return nil, fmt.Errorf("a concept starts with its name in square brackets, as in [minicontainer]")
	}
	return &concept{name: strings.TrimSpace(name)}, nil
}

func (c *concept) add(line string) error {
	key, list, _ := strings.Cut(line, ":")
	if strings.TrimSpace(list) == "" {
		return fmt.Errorf("%q has no words", strings.TrimSpace(key))
	}
	terms := strings.Split(list, ",")
	switch strings.TrimSpace(key) {
	case "woorden":
		c.words = append(c.words, terms...)
	case "spreektaal":
		c.everyday = append(c.everyday, terms...)
	case "engels":
		c.english = append(c.english, terms...)
	case "breder":
		c.broader = append(c.broader, terms...)
	case "smaller":
		c.nw = append(c.nw, terms...)
	}
	return nil
}

// addConcept turns a concept into rules: its official words are equivalent, everyday and English words
// find them, its words find the broader concepts and its narrower words find it, both weaker.
func (s *Synonyms) addConcept(c *concept) error {
	official := append([]string{c.name}, c.words...)
	names := strings.Join(official, ",")
	if len(official) > 1 {
		ps, err := s.phraseList(names, false)
		if err != nil {
			return fmt.Errorf("[%s]: %w", c.name, err)
		}
		s.addGroup(ps)
	}
	for _, r := range []struct {
		terms   []string
		to      string
		w       float32
		english bool
	}{
		{c.everyday, names, weightSynonym, false},
		{c.english, names, weightSynonym, true},
		{c.nw, names, weightBroader, false},
		{append(official, c.everyday...), strings.Join(c.broader, ","), weightBroader, false},
	} {
		if len(r.terms) == 0 || r.to == "" {
			continue
		}
		if err := s.addOneWay(strings.Join(r.terms, ","), r.to, r.w, r.english); err != nil {
			return fmt.Errorf("[%s]: %w", c.name, err)
		}
	}
	return nil
}

// mustLoad parses built-in data; a mistake in it is a programming error caught by the tests.
func mustLoad(name string, data []byte, into *Synonyms) {
	if err := into.read(bytes.NewReader(data), name); err != nil {
		panic(err)
	}
}
