package plainlang

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestAnalyzeCounts(t *testing.T) {
	text := "U wilt een nieuw paspoort. Maak een afspraak op onze website."
	r := Analyze(text)
	// paspoort 2, afspraak 2, onze 2, website 3, the other seven words 1.
	if r.Words != 11 || r.Sentences != 2 || r.Syllables != 16 {
		t.Fatalf("counts = %d words, %d sentences, %d syllables; want 11, 2, 16", r.Words, r.Sentences, r.Syllables)
	}
	want := 206.835 - 0.93*11/2 - 77*16.0/11
	if math.Abs(r.ReadingEase-want) > 1e-9 || r.Level != LevelB1 {
		t.Errorf("ReadingEase = %.2f (%s), want %.2f (%s)", r.ReadingEase, r.Level, want, LevelB1)
	}
}

func TestReadingEaseMatchesDoumaForm(t *testing.T) {
	// Douma wrote it per 100 words: 206.84 − 0.77 × syllables/100 words − 0.93 × sentence length.
	words, sentences, syllables := 250, 14, 410
	douma := 206.835 - 0.77*(100*float64(syllables)/float64(words)) - 0.93*float64(words)/float64(sentences)
	if got := ReadingEase(words, sentences, syllables); math.Abs(got-douma) > 1e-9 {
		t.Errorf("ReadingEase = %f, Douma's form gives %f", got, douma)
	}
}

func TestSentenceSplitting(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		sentences int
		words     int
	}{
		{"abbreviations", "Neem bijv. uw paspoort mee. Dat kost o.a. € 84,00 per stuk. Mevr. J. de Vries helpt u.", 3, 17},
		{"question and exclamation", "Hebt u vragen? Bel ons! Wij helpen u graag.", 3, 9},
		{"decimals and times", "De balie is open tot 17.30 uur. Een uittreksel kost € 14,40.", 2, 11},
		{"quote closes sentence", "Hij zei: \"Kom morgen terug.\" Dat deed ik.", 2, 8},
		{"unknown abbreviation before lower case", "Dat staat in hfdst. drie van de regeling.", 1, 8},
		{"no final stop", "Welkom bij de gemeente", 1, 4},
		{"ellipsis", "Even wachten... Daar bent u.", 2, 5},
		{"dutch quotes and apostrophe", "Zo'n aanvraag duurt ’n week. Klaar.", 2, 6},
		{"url is one word", "Kijk op www.gemeente.nl. Daar staat alles.", 2, 6},
		{"paragraph without stop", "Afspraak maken\n\nBel ons op werkdagen.", 2, 6},
		{"line break inside sentence", "U krijgt binnen acht weken\neen besluit.", 1, 7},
		{"empty", "", 0, 0},
		{"punctuation only", " ... !? ", 0, 0},
	}
	for _, tt := range tests {
		r := Analyze(tt.text)
		if r.Sentences != tt.sentences || r.Words != tt.words {
			t.Errorf("%s: %d sentences, %d words; want %d and %d", tt.name, r.Sentences, r.Words, tt.sentences, tt.words)
		}
	}
}

func TestMarkdownIsIgnored(t *testing.T) {
	text := "# Paspoort aanvragen\n\nU vraagt een paspoort aan bij de **gemeente**.\n\n" +
		"- Neem een pasfoto mee\n- Neem uw oude paspoort mee\n1. Betaal met pin\n\n" +
		"```\ncode telt niet mee. Echt niet.\n```\n\n" +
		"> Meer informatie vindt u op [onze website](https://www.gemeente.nl/paspoort?x=1.2).\n\n---\n" +
		"Mail naar <info@gemeente.nl> of <b>bel</b> ons."
	r := Analyze(text)
	// Heading, sentence, three list items, the quote, the last line.
	if r.Sentences != 7 {
		t.Errorf("Sentences = %d, want 7", r.Sentences)
	}
	// 2 + 8 + 4 + 5 + 3 + 7 + 5; the autolink and the HTML tags are not words.
	if r.Words != 34 {
		t.Errorf("Words = %d, want 34", r.Words)
	}
}

func TestOfficialese(t *testing.T) {
	text := "Indien u niet woonachtig bent in de gemeente, dient u middels het formulier alsmede een kopie " +
		"van uw identiteitsbewijs ten behoeve van de beoordeling van uw aanvraag de benodigde gegevens te " +
		"verstrekken, teneinde de behandeling van uw verzoek niet onnodig te vertragen."
	r := Analyze(text)
	var got []string
	for _, f := range r.Officialese {
		if text[f.Start:f.End] != f.Text {
			t.Errorf("finding %q does not match its offsets %d:%d", f.Text, f.Start, f.End)
		}
		got = append(got, f.Text+"→"+f.Suggestion)
	}
	want := "Indien→als|woonachtig→wonen|dient→moet|middels→met, via|alsmede→en, ook|" +
		"ten behoeve van→voor|benodigde→nodige|verstrekken→geven|teneinde→om|verzoek→vraag"
	if strings.Join(got, "|") != want {
		t.Errorf("Officialese =\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if len(r.LongSentences) != 1 || r.LongSentences[0].Start != 0 || r.LongSentences[0].End != len(text) ||
		r.LongSentences[0].Words != 42 {
		t.Errorf("LongSentences = %+v, want the whole 42-word text", r.LongSentences)
	}
	if r.Level != LevelC1 {
		t.Errorf("Level = %s (%.1f), want %s", r.Level, r.ReadingEase, LevelC1)
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"short plain sentences", "U krijgt een brief. In de brief staat wat u moet doen. Hebt u vragen? Bel ons dan.", LevelB1},
		{"policy prose", "De gemeentelijke organisatie implementeert momenteel verschillende maatregelen betreffende " +
			"klantvriendelijkheid. Vervolgens worden geïnteresseerde belanghebbenden geïnformeerd over beschikbare " +
			"voorzieningen.", LevelC1},
		{"in between", "De aanvraag voor een parkeervergunning behandelen wij binnen acht weken. " +
			"U ontvangt daarna een besluit van de gemeente over uw aanvraag.", LevelB2},
	}
	for _, tt := range tests {
		if r := Analyze(tt.text); r.Level != tt.want {
			t.Errorf("%s: Level = %s (score %.1f), want %s", tt.name, r.Level, r.ReadingEase, tt.want)
		}
	}
}

func TestWordListIsWellFormed(t *testing.T) {
	entries := 0
	for _, ps := range builtIn.entries {
		for i, p := range ps {
			entries++
			if p.suggestion == "" {
				t.Errorf("%v has no suggestion", p.words)
			}
			if i > 0 && len(p.words) > len(ps[i-1].words) {
				t.Errorf("%v is not tried before the shorter %v", p.words, ps[i-1].words)
			}
		}
	}
	if entries < 150 || entries != builtIn.Len() {
		t.Errorf("%d entries (Len %d), want at least 150", entries, builtIn.Len())
	}
}

// Common officialese that the first list missed.
func TestOfficialeseOfMunicipalLetters(t *testing.T) {
	text := "Indien u wenst te verhuizen, kunt u daartoe het formulier gebruiken. U kunt het afval deponeren " +
		"in de container. Het pand is ontdaan van asbest. Dit gebeurt in overeenstemming met de regels."
	var got []string
	for _, f := range Analyze(text).Officialese {
		got = append(got, strings.ToLower(f.Text))
	}
	want := "indien|wenst|daartoe|deponeren|ontdaan van|in overeenstemming met"
	if strings.Join(got, "|") != want {
		t.Errorf("found %s, want %s", strings.Join(got, "|"), want)
	}
}

// The level follows the score as the editor shows it (one decimal): 59,96 shows as 60,0 and is B1,
// as the goal "60 of hoger" says; 59,94 shows as 59,9 and is B2. The same at 45.
func TestLevelBoundaries(t *testing.T) {
	for score, want := range map[float64]string{
		60: LevelB1, 59.96: LevelB1, 59.95: LevelB1, 59.94: LevelB2, 100: LevelB1,
		45: LevelB2, 44.96: LevelB2, 44.94: LevelC1, 0: LevelC1, -20: LevelC1,
	} {
		if got := Level(score); got != want {
			t.Errorf("Level(%v) = %s, want %s", score, got, want)
		}
	}
	// Through Analyze: 10 words in 1 sentence with 18 syllables (wij, be-han-de-len, uw, aan-vraag,
	// bin-nen, acht, we-ken, na, ont-vangst, er-van) score 206.835 - 0.93×10 - 77×1.8 = 58.935: B2.
	r := Analyze("Wij behandelen uw aanvraag binnen acht weken na ontvangst ervan.")
	if r.Words != 10 || r.Syllables != 18 || math.Abs(r.ReadingEase-58.935) > 1e-9 || r.Level != LevelB2 {
		t.Errorf("%d words, %d syllables, score %.3f, level %s; want 10, 18, 58.935, B2", r.Words, r.Syllables, r.ReadingEase, r.Level)
	}
}

// Editors extend the bundled list: their entries are found beside the bundled ones, and their advice
// wins for the same words. A wrong line is refused with its number.
func TestEditorsExtendTheWordList(t *testing.T) {
	extra, err := ParseWordList("# eigen woorden van de redactie\nbeschikking = besluit\nindien = als, wanneer\n\nper ommegaande = meteen\n")
	if err != nil {
		t.Fatal(err)
	}
	wl := BuiltIn().With(extra)
	if wl.Len() != BuiltIn().Len()+2 {
		t.Fatalf("%d entries, want %d (two new, one replaced)", wl.Len(), BuiltIn().Len()+2)
	}
	var got []string
	for _, f := range AnalyzeWith("Indien u de beschikking krijgt, reageer dan per ommegaande.", wl).Officialese {
		got = append(got, f.Text+"→"+f.Suggestion)
	}
	if want := "Indien→als, wanneer|beschikking→besluit|per ommegaande→meteen"; strings.Join(got, "|") != want {
		t.Errorf("found %s, want %s", strings.Join(got, "|"), want)
	}
	if n := len(Analyze("U krijgt de beschikking.").Officialese); n != 0 {
		t.Errorf("the bundled list changed: %d findings", n)
	}
	for list, line := range map[string]int{"goed = prima\nzonder isgelijkteken\n": 2, " = leeg\n": 1, "a = b\n\nwoord =  \n": 3} {
		_, err := ParseWordList(list)
		var le *WordListError
		if !errors.As(err, &le) || le.Line != line {
			t.Errorf("%q: %v, want an error on line %d", list, err, line)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"Indien u dat wilt, kunt u bijv. bellen.", "# Kop\n- punt\n\n```\nx\n```", "[a](b) <c> **d**",
		"€ 84,00. o.a. J. ...!? \x1e", "ideeën geïnteresseerd", "\xff\xfe. A",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Analyze(s)
		if r.Words < 0 || r.Sentences > r.Words || r.Syllables < r.Words || math.IsNaN(r.ReadingEase) {
			t.Fatalf("impossible counts %+v", r)
		}
		for _, l := range r.LongSentences {
			if l.Start < 0 || l.Start > l.End || l.End > len(s) || l.Words <= MaxSentenceWords {
				t.Fatalf("bad long sentence %+v in %q", l, s)
			}
		}
		for _, f := range r.Officialese {
			if f.Start < 0 || f.Start >= f.End || f.End > len(s) || s[f.Start:f.End] != f.Text {
				t.Fatalf("bad finding %+v in %q", f, s)
			}
		}
	})
}

// letter is a realistic municipal letter of about 280 words, with Markdown.
var letter = strings.Repeat(`# Uw aanvraag voor een parkeervergunning

Geachte heer, mevrouw,

Wij hebben uw aanvraag voor een parkeervergunning op 3 maart ontvangen. Indien u woonachtig bent in
de binnenstad, dient u middels het formulier alsmede een kopie van uw kentekenbewijs aan te tonen dat
de auto op uw naam staat. Wij beslissen binnen acht weken, bijv. eerder als alle gegevens compleet zijn.

- De vergunning kost € 84,00 per jaar.
- U betaalt o.a. met iDEAL of met uw pinpas.

Meer informatie vindt u op [onze website](https://www.gemeente.nl/parkeren). Hebt u vragen? Bel ons
dan op 14 020. Wij helpen u graag.

`, 2)

func BenchmarkAnalyze(b *testing.B) {
	b.SetBytes(int64(len(letter)))
	for b.Loop() {
		Analyze(letter)
	}
}
