package plainlang

import (
	"unicode"
	"unicode/utf8"
)

// Vowel sequences that Dutch pronounces as one syllable; any other sequence of vowels is split
// into single letters (theater, radio, situatie). Loanwords such as "team" are miscounted; the
// formula only needs an average.
var (
	trigraphs = map[string]bool{"aai": true, "ooi": true, "oei": true, "eeu": true, "ieu": true, "eau": true}
	digraphs  = map[string]bool{
		"aa": true, "ee": true, "oo": true, "uu": true, "ie": true, "oe": true, "eu": true,
		"ei": true, "ui": true, "ou": true, "au": true, "ay": true, "ey": true, "oy": true,
	}
)

// letterClass maps a vowel to its plain letter and whether it carries a diaeresis,
// which in Dutch starts a new syllable (ideeën, geïnteresseerd, coördinator).
func letterClass(r rune) (base byte, diaeresis bool) {
	r = unicode.ToLower(r)
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return byte(r), false
	case 'á', 'à', 'â':
		return 'a', false
	case 'é', 'è', 'ê':
		return 'e', false
	case 'í', 'ì', 'î':
		return 'i', false
	case 'ó', 'ò', 'ô':
		return 'o', false
	case 'ú', 'ù', 'û':
		return 'u', false
	case 'ä':
		return 'a', true
	case 'ë':
		return 'e', true
	case 'ï':
		return 'i', true
	case 'ö':
		return 'o', true
	case 'ü':
		return 'u', true
	}
	return 0, false
}

// countSyllables estimates the syllables of one word by counting vowel groups, treating the
// Dutch long vowels and diphthongs as one. A y before a vowel is a consonant (yoga, royaal),
// and a word without vowels (a number, an abbreviation) counts as one syllable.
func countSyllables(word string) int {
	var run []byte
	count := 0
	flush := func() {
		count += unitsIn(string(run))
		run = run[:0]
	}
	for i, r := range word {
		base, diaeresis := letterClass(r)
		if base == 'y' && i+1 < len(word) {
			if next, _ := letterClass(firstRune(word[i+utf8.RuneLen(r):])); next != 0 {
				base = 0 // consonant y
			}
		}
		if base == 0 || diaeresis {
			flush()
		}
		if base != 0 {
			run = append(run, base)
		}
	}
	flush()
	return max(count, 1)
}

// unitsIn counts the syllables in one run of plain vowels, longest match first.
func unitsIn(run string) int {
	n := 0
	for p := 0; p < len(run); n++ {
		switch {
		case p+3 <= len(run) && trigraphs[run[p:p+3]]:
			p += 3
		case p+2 <= len(run) && digraphs[run[p:p+2]]:
			p += 2
		default:
			p++
		}
	}
	return n
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
