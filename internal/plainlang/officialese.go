package plainlang

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

//go:embed moeilijke-woorden.txt
var wordList string

// MaxWordListBytes bounds a word list an editor saves.
const MaxWordListBytes = 64 << 10

// phrase is one entry of the word list: the words to match, lower case, and the advice.
type phrase struct {
	words      []string
	suggestion string
}

// WordList is a list of officialese with plainer alternatives. It maps the first word of every entry to
// its entries, longest phrase first, so a match costs one map lookup per word of text.
type WordList struct {
	entries map[string][]phrase
	n       int
}

// builtIn is the bundled list (moeilijke-woorden.txt); it is checked by a test.
var builtIn = mustParse(wordList)

func mustParse(list string) *WordList {
	wl, err := ParseWordList(list)
	if err != nil {
		panic("plainlang: bundled word list: " + err.Error())
	}
	return wl
}

// BuiltIn returns the bundled list of officialese.
func BuiltIn() *WordList { return builtIn }

// WordListError names the line of a word list that is wrong, in words an editor understands.
type WordListError struct {
	Line    int
	Message string
}

func (e *WordListError) Error() string { return fmt.Sprintf("regel %d: %s", e.Line, e.Message) }

// ParseWordList reads "woord = alternatief" lines; blank lines and lines starting with # are skipped. A
// phrase of several words matches those words in a row. A line without "=", without a word or without
// an alternative is an error that names the line.
func ParseWordList(list string) (*WordList, error) {
	if len(list) > MaxWordListBytes {
		return nil, &WordListError{Line: 0, Message: fmt.Sprintf("de lijst is langer dan %d kB", MaxWordListBytes>>10)}
	}
	if !utf8.ValidString(list) {
		return nil, &WordListError{Line: 0, Message: "de lijst bevat tekens die geen geldige tekst zijn"}
	}
	wl := &WordList{entries: map[string][]phrase{}}
	n := 0
	for line := range strings.Lines(list) {
		n++
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		hard, plain, ok := strings.Cut(line, "=")
		words := strings.Fields(strings.ToLower(hard))
		plain = strings.TrimSpace(plain)
		switch {
		case !ok:
			return nil, &WordListError{n, `schrijf "woord = alternatief", met een isgelijkteken`}
		case len(words) == 0:
			return nil, &WordListError{n, "vul vóór het isgelijkteken het moeilijke woord in"}
		case plain == "":
			return nil, &WordListError{n, "vul na het isgelijkteken een eenvoudiger woord in"}
		}
		wl.add(phrase{words, plain})
	}
	return wl, nil
}

// add puts an entry in, replacing an entry for the same words, longest phrase first.
func (wl *WordList) add(p phrase) {
	entries := wl.entries[p.words[0]]
	for i, e := range entries {
		if len(e.words) == len(p.words) && equalWords(e.words, p.words) {
			entries[i] = p
			return
		}
	}
	entries = append(entries, p)
	for i := len(entries) - 1; i > 0 && len(entries[i].words) > len(entries[i-1].words); i-- {
		entries[i], entries[i-1] = entries[i-1], entries[i]
	}
	wl.entries[p.words[0]] = entries
	wl.n++
}

// Len is the number of entries.
func (wl *WordList) Len() int { return wl.n }

// With returns a new list with the entries of wl and those of extra; extra's advice wins for the same
// words. Editors extend the bundled list this way.
func (wl *WordList) With(extra *WordList) *WordList {
	out := &WordList{entries: make(map[string][]phrase, len(wl.entries))}
	for _, src := range []*WordList{wl, extra} {
		if src == nil {
			continue
		}
		for _, ps := range src.entries {
			for _, p := range ps {
				out.add(p)
			}
		}
	}
	return out
}

// find returns the officialese in one sentence, given the lower-case words of the sentence and their
// spans. A phrase that matches hides the shorter ones it contains.
func (wl *WordList) find(text string, lower []string, spans []span) []Finding {
	var found []Finding
	for i := 0; i < len(lower); i++ {
		for _, p := range wl.entries[lower[i]] {
			if i+len(p.words) > len(lower) || !equalWords(lower[i:i+len(p.words)], p.words) {
				continue
			}
			start, end := spans[i].start, spans[i+len(p.words)-1].end
			found = append(found, Finding{Start: start, End: end, Text: text[start:end], Suggestion: p.suggestion})
			i += len(p.words) - 1
			break
		}
	}
	return found
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
