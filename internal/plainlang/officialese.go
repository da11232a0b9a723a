package plainlang

import (
	_ "embed"
	"strings"
)

//go:embed moeilijke-woorden.txt
var wordList string

// phrase is one entry of the word list: the words to match, lower case, and the advice.
type phrase struct {
	words      []string
	suggestion string
}

// officialese maps the first word of every entry to its entries, longest phrase first, so a
// match costs one map lookup per word of text.
var officialese = parseWordList(wordList)

// parseWordList reads "woord = alternatief" lines, skipping blanks and # comments. The list is
// embedded and checked by a test, so malformed lines are simply skipped.
func parseWordList(list string) map[string][]phrase {
	m := make(map[string][]phrase)
	for line := range strings.Lines(list) {
		line = strings.TrimSpace(line)
		hard, plain, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		words := strings.Fields(strings.ToLower(hard))
		if len(words) == 0 {
			continue
		}
		p := phrase{words, strings.TrimSpace(plain)}
		entries := append(m[words[0]], p)
		for i := len(entries) - 1; i > 0 && len(entries[i].words) > len(entries[i-1].words); i-- {
			entries[i], entries[i-1] = entries[i-1], entries[i]
		}
		m[words[0]] = entries
	}
	return m
}

// findOfficialese returns the officialese in one sentence, given the lower-case words of the
// sentence and their spans. A phrase that matches hides the shorter ones it contains.
func findOfficialese(text string, lower []string, spans []span) []Finding {
	var found []Finding
	for i := 0; i < len(lower); i++ {
		for _, p := range officialese[lower[i]] {
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
