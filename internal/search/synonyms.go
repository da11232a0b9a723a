package search

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
)

// defaultSynonyms is the synonym list maintained by the editors; see synonyms.txt for the format.
//
//go:embed synonyms.txt
var defaultSynonyms []byte

// Synonyms maps words and phrases people use to the words the knowledge base uses. It is read-only after
// loading and safe for concurrent use.
//
// The file format, one rule per line (blank lines and text after # are ignored):
//
//	kliko, minicontainer, afvalcontainer       equivalent terms: a query with any of them also finds the others
//	roze pasje, rijpapieren => rijbewijs       one-way: a query with a term left of => also finds those right of it
//
// Terms may be phrases of several words. They are matched after analysis (lower case, accents removed,
// stop words dropped, Dutch stemming), so "Kliko's" matches "kliko" and "container voor afval" matches
// "afval container".
type Synonyms struct {
	byFirst map[string][]synRule // first stem of the phrase -> rules
	words   []string             // folded single words of all phrases, for typo correction
}

// synRule says: the stem sequence from also finds the stem sequences in to.
type synRule struct {
	from []string
	to   [][]string
}

// DefaultSynonyms returns the built-in synonym list of general Dutch municipal vocabulary.
func DefaultSynonyms() *Synonyms {
	s, err := LoadSynonyms(bytes.NewReader(defaultSynonyms))
	if err != nil {
		panic("search: built-in synonyms.txt: " + err.Error())
	}
	return s
}

// LoadSynonyms reads a synonym file in the format described at Synonyms. Errors name the line.
func LoadSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{byFirst: map[string][]synRule{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := s.addLine(line, seen); err != nil {
			return nil, fmt.Errorf("search: synonyms line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("search: reading synonyms: %w", err)
	}
	return s, nil
}

func (s *Synonyms) addLine(line string, seen map[string]bool) error {
	left, right, oneWay := strings.Cut(line, "=>")
	if strings.Contains(right, "=>") {
		return fmt.Errorf("more than one =>")
	}
	from, err := s.phrases(left, seen)
	if err != nil {
		return err
	}
	if !oneWay {
		if len(from) < 2 {
			return fmt.Errorf("a group needs at least two terms separated by commas")
		}
		for i, p := range from {
			others := append(append([][]string{}, from[:i]...), from[i+1:]...)
			s.addRule(p, others)
		}
		return nil
	}
	to, err := s.phrases(right, seen)
	if err != nil {
		return err
	}
	for _, p := range from {
		s.addRule(p, to)
	}
	return nil
}

// phrases analyses the comma-separated terms of one side of a rule.
func (s *Synonyms) phrases(list string, seen map[string]bool) ([][]string, error) {
	var out [][]string
	for _, term := range strings.Split(list, ",") {
		if strings.TrimSpace(term) == "" {
			return nil, fmt.Errorf("empty term in %q", strings.TrimSpace(list))
		}
		var stems []string
		for _, w := range tokenize(term, nil) {
			if !seen[w.text] {
				seen[w.text] = true
				s.words = append(s.words, w.text)
			}
			if !stopWords[w.text] {
				stems = append(stems, stem(w.text))
			}
		}
		if len(stems) == 0 {
			return nil, fmt.Errorf("term %q has no words that are searched for", strings.TrimSpace(term))
		}
		out = append(out, stems)
	}
	return out, nil
}

func (s *Synonyms) addRule(from []string, to [][]string) {
	s.byFirst[from[0]] = append(s.byFirst[from[0]], synRule{from: from, to: to})
}

// match returns the rules whose phrase starts at stems[i].
func (s *Synonyms) match(stems []string, i int) []synRule {
	var out []synRule
	for _, r := range s.byFirst[stems[i]] {
		if i+len(r.from) <= len(stems) && equalStrings(stems[i:i+len(r.from)], r.from) {
			out = append(out, r)
		}
	}
	return out
}

// known reports whether a stem starts any phrase.
func (s *Synonyms) known(st string) bool { return len(s.byFirst[st]) > 0 }

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
