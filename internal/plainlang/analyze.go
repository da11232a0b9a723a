package plainlang

import (
	"math"
	"strings"
)

// MaxSentenceWords is the longest sentence that B1 guidance accepts; longer ones are reported.
const MaxSentenceWords = 20

// Levels derived from the Flesch-Douma score; see Report.Level.
const (
	LevelB1 = "B1 of makkelijker"
	LevelB2 = "B2"
	LevelC1 = "C1 of moeilijker"
)

// Report is the plain-language indication for one text. Offsets are byte offsets into the
// analysed text, half-open [Start, End); a browser editor counting UTF-16 units must convert.
type Report struct {
	Words, Sentences, Syllables int
	// ReadingEase is the Flesch-Douma score (Douma 1960):
	// 206.835 − 0.93 × words per sentence − 77 × syllables per word,
	// the same as 206.84 − 0.77 × syllables per 100 words − 0.93 × sentence length. Higher is
	// easier; it is not clamped, so very short words and sentences can exceed 100.
	ReadingEase float64
	// Level maps ReadingEase, rounded to one decimal as it is shown, onto Douma's own bands: 60 and
	// up ("normaal" or easier) is LevelB1, 45 up to 60 ("tamelijk moeilijk") LevelB2, below 45
	// LevelC1. The CEFR names are a rule of thumb editors know, not a validated mapping. Empty when
	// the text has no words.
	Level         string
	LongSentences []Sentence // sentences of more than MaxSentenceWords words
	Officialese   []Finding  // officialese with a plainer alternative, in text order
}

// Sentence locates one sentence in the text.
type Sentence struct {
	Start, End int
	Words      int
}

// Finding is one officialese word or phrase and its suggested replacement.
type Finding struct {
	Start, End int
	Text       string // as written, e.g. "Indien"
	Suggestion string // e.g. "als"
}

// Analyze measures text, which may be Markdown: markup, code blocks and link targets are
// ignored, and headings and list items count as sentences of their own. Officialese is looked up in
// the bundled word list.
func Analyze(text string) Report { return AnalyzeWith(text, builtIn) }

// AnalyzeWith is Analyze with another word list, such as the bundled one extended by editors.
func AnalyzeWith(text string, words *WordList) Report {
	if words == nil {
		words = builtIn
	}
	return analyze(text, words)
}

func analyze(text string, list *WordList) Report {
	masked := maskMarkdown(text)
	words, sentences := tokenize(masked)
	r := Report{Words: len(words), Sentences: len(sentences)}
	lower := make([]string, len(words))
	for i, w := range words {
		r.Syllables += countSyllables(text[w.start:w.end])
		lower[i] = strings.ToLower(text[w.start:w.end])
	}
	for _, s := range sentences {
		if n := s.last - s.first; n > MaxSentenceWords {
			r.LongSentences = append(r.LongSentences, Sentence{s.start, s.end, n})
		}
		r.Officialese = append(r.Officialese, list.find(text, lower[s.first:s.last], words[s.first:s.last])...)
	}
	if r.Words > 0 {
		r.ReadingEase = ReadingEase(r.Words, r.Sentences, r.Syllables)
		r.Level = Level(r.ReadingEase)
	}
	return r
}

// ReadingEase returns the Flesch-Douma score for the given counts; see Report.ReadingEase.
func ReadingEase(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 206.835 - 0.93*float64(words)/float64(sentences) - 77*float64(syllables)/float64(words)
}

// Level maps a Flesch-Douma score onto the bands of Report.Level. The score is first rounded to one
// decimal, as the editor shows it, so a text shown as 60,0 is B1 ("60 of hoger") and one shown as 45,0
// is B2, never the band below.
func Level(score float64) string {
	score = math.Round(score*10) / 10
	switch {
	case score >= 60:
		return LevelB1
	case score >= 45:
		return LevelB2
	}
	return LevelC1
}
