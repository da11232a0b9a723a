package plainlang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a full stop that does not end a sentence. Abbreviations with an inner
// full stop and short parts (o.a., d.w.z., i.p.v.) and single letters (initials) are
// recognised without a list.
var abbreviations = map[string]bool{
	"bijv": true, "bv": true, "enz": true, "etc": true, "ca": true, "nr": true, "art": true,
	"mr": true, "dhr": true, "mevr": true, "mw": true, "dr": true, "drs": true, "ir": true,
	"ing": true, "prof": true, "st": true, "tel": true, "incl": true, "excl": true, "max": true,
	"min": true, "jl": true, "evt": true, "zgn": true, "blz": true, "vs": true, "resp": true,
	"ong": true, "vgl": true, "afd": true, "jr": true, "sr": true, "wo": true, "zo": true,
	"ma": true, "di": true, "do": true, "vr": true, "za": true, "jan": true, "feb": true,
	"mrt": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"okt": true, "nov": true, "dec": true,
}

// span is a half-open byte range [start, end) in the analysed text.
type span struct{ start, end int }

// sentence is a span with the index range [first, last) of its words.
type sentence struct {
	span
	first, last int
}

// tokenize finds the words and sentences of masked text. A word is a run of letters and digits,
// joined across a hyphen, apostrophe, full stop or comma that has a letter or digit on both
// sides (e-mail, zo'n, o.a, 84,00, 1.500). A sentence ends at . ! ? or … followed by a space
// or the end, unless the full stop closes an abbreviation or the next word starts in lower
// case; it also ends at a heading, a list item and a blank line.
func tokenize(masked []byte) (words []span, sentences []sentence) {
	first := 0
	closeAt := func(end int) {
		if len(words) > first {
			sentences = append(sentences, sentence{span{words[first].start, end}, first, len(words)})
			first = len(words)
		}
	}
	lastEnd := func() int { return words[len(words)-1].end }
	for i := 0; i < len(masked); {
		r, size := utf8.DecodeRune(masked[i:])
		switch {
		case isWordRune(r):
			end := wordEnd(masked, i)
			words = append(words, span{i, end})
			i = end
			continue
		case r == '.' || r == '!' || r == '?' || r == '…':
			if end, ok := sentenceEnd(masked, i, size, words, first); ok {
				closeAt(end)
				i = end
				continue
			}
		case r == hardBreak || r == '\n' && blankLineFollows(masked, i+1):
			if len(words) > first {
				closeAt(lastEnd())
			}
		}
		i += size
	}
	if len(words) > first {
		closeAt(lastEnd())
	}
	return words, sentences
}

// wordEnd returns where the word starting at i ends.
func wordEnd(b []byte, i int) int {
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if isWordRune(r) {
			i += size
			continue
		}
		if r == '-' || r == '\'' || r == '’' || r == '.' || r == ',' {
			if next, _ := utf8.DecodeRune(b[i+size:]); i+size < len(b) && isWordRune(next) {
				i += size
				continue
			}
		}
		break
	}
	return i
}

// sentenceEnd decides whether the punctuation at i of the given size ends the sentence, and
// if so returns the offset just after it and any closing quotes or brackets.
func sentenceEnd(b []byte, i, size int, words []span, first int) (int, bool) {
	end := i + size
	for end < len(b) && strings.IndexByte(".!?)]\"'", b[end]) >= 0 {
		end++ // "?!", "...", closing quote or bracket
	}
	for end < len(b) {
		r, n := utf8.DecodeRune(b[end:])
		if r != '’' && r != '”' && r != '»' && r != '…' {
			break
		}
		end += n
	}
	if end < len(b) && b[end] != hardBreak && !unicode.IsSpace(firstRuneOf(b[end:])) {
		return 0, false // 1.5, www.example.nl, a full stop inside a word
	}
	if b[i] == '.' && len(words) > first && words[len(words)-1].end == i && isAbbreviation(b[words[len(words)-1].start:i]) {
		return 0, false
	}
	if next := nextRune(b, end); unicode.IsLower(next) {
		return 0, false // probably an abbreviation we do not know
	}
	return end, true
}

// isAbbreviation reports whether word, just before a full stop, is an abbreviation.
func isAbbreviation(word []byte) bool {
	if utf8.RuneCount(word) == 1 {
		r, _ := utf8.DecodeRune(word)
		return unicode.IsLetter(r) // an initial, as in "J. de Vries"
	}
	w := strings.ToLower(string(word))
	if strings.Contains(w, ".") {
		return shortParts(w) // o.a., d.w.z., i.p.v., but not www.gemeente.nl
	}
	return abbreviations[w]
}

// shortParts reports whether every dot-separated part of w has at most three letters.
func shortParts(w string) bool {
	for part := range strings.SplitSeq(w, ".") {
		if utf8.RuneCountInString(part) > 3 {
			return false
		}
	}
	return true
}

// nextRune returns the first rune after the spaces from i, or 0 at the end or at a hard break.
func nextRune(b []byte, i int) rune {
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == hardBreak || !unicode.IsSpace(r) {
			if r == hardBreak {
				return 0
			}
			return r
		}
		if r == '\n' && blankLineFollows(b, i+1) {
			return 0
		}
		i += n
	}
	return 0
}

// blankLineFollows reports whether the line starting at i holds only spaces, so that the
// newline before it ends a paragraph.
func blankLineFollows(b []byte, i int) bool {
	for ; i < len(b); i++ {
		switch b[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func firstRuneOf(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	return r
}
