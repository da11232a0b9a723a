package search

import (
	_ "embed"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
)

// word is one token of a text: its folded (lower-case, accent-free) form and where it sits in the source.
type word struct {
	text       string // folded form
	start, end int    // byte offsets in the source text
	hyphenated bool   // joined to the previous word by a hyphen, as in "id-kaart"
}

// tokenize splits text into words of letters and digits and folds them. Hyphens and apostrophes split words;
// the hyphenated flag lets callers rebuild "id-kaart" as "idkaart".
func tokenize(text string, out []word) []word {
	var b strings.Builder
	start := -1
	clean := true // the word so far is plain lower-case ASCII: it is a slice of text, no copy needed
	hyph := false
	prevEnd := -2
	flush := func(end int) {
		if start >= 0 {
			t := text[start:end]
			if !clean {
				t = b.String()
			}
			out = append(out, word{text: t, start: start, end: end, hyphenated: hyph})
			prevEnd = end
			b.Reset()
			start = -1
		}
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf { // ASCII, most of every text: no rune decoding, no table look-up
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				if start < 0 {
					start, clean = i, true
					hyph = prevEnd >= 0 && i == prevEnd+1 && text[prevEnd] == '-'
				}
				if !clean {
					b.WriteByte(c)
				}
			case c >= 'A' && c <= 'Z':
				if start < 0 {
					start, clean = i, true
					hyph = prevEnd >= 0 && i == prevEnd+1 && text[prevEnd] == '-'
				}
				if clean {
					clean = false
					b.WriteString(text[start:i])
				}
				b.WriteByte(c + 'a' - 'A')
			default:
				flush(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start, clean = i, true
				hyph = prevEnd >= 0 && i == prevEnd+1 && text[prevEnd] == '-'
			}
			if clean {
				clean = false
				b.WriteString(text[start:i])
			}
			foldRune(&b, r)
		case unicode.Is(unicode.Mn, r) && start >= 0:
			if clean {
				clean = false
				b.WriteString(text[start:i])
			}
			// a combining accent: dropped by folding
		default:
			flush(i)
		}
		i += size
	}
	flush(len(text))
	return out
}

// foldRune writes the lower-case, accent-free form of r.
func foldRune(b *strings.Builder, r rune) {
	r = unicode.ToLower(r)
	if r < utf8.RuneSelf {
		b.WriteByte(byte(r))
		return
	}
	if s, ok := foldTable[r]; ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(r)
}

// foldTable maps accented Latin letters to their plain form (Dutch uses é, ë, ï, ö, ü, è, à and the ij ligature).
var foldTable = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
	'ĳ': "ij", 'ş': "s", 'ğ': "g", 'ı': "i", 'ł': "l", 'č': "c", 'š': "s", 'ž': "z",
	'’': "", 'ʼ': "",
}

// fold returns the folded form of a short text (lower case, accents removed, single spaces between words).
func fold(text string) string {
	ws := tokenize(text, nil)
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// dutchStopWords is the Snowball project's Dutch stop-word list (BSD licence, see the file's header), as
// Lucene and bleve ship it.
//
//go:embed stopwords_nl.txt
var dutchStopWords string

// dutchStop are the Dutch stop words: the Snowball list and filler words people type in questions and
// e-mails ("hoe", "graag", "groeten").
var dutchStop = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(dutchStopWords, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] != "|" {
			m[f[0]] = true
		}
	}
	extra := `mn m'n zn z'n ff even graag hoe wat waar wanneer welke welk waarom wie hoeveel kan kun kunt kunnen
		mag mogen moet moeten moest wil wilt willen ga gaat gaan ben bent is zijn was heb hebt heeft hebben
		we wij ons onze jullie u uw jij jouw je ze zij hun hen hij hem haar iemand iets alle allemaal elke
		veel heel erg zeer toch eigenlijk gewoon misschien alvast nou nu al nog wel ook zo zon dus daarom
		hallo hoi hey hee beste geachte goedemorgen goedemiddag goedenavond dag groet groeten gr mvg vriendelijke
		vriendelijk bedankt dank alstublieft aub svp vraag vragen weet weten iemand hierbij graag ok oke
		ergens ooit soms echt vaak nooit daar hier daarvoor hiervoor daarbij daarna eerst inmiddels namelijk`
	for _, w := range strings.Fields(extra + " " + fillerWords) {
		m[w] = true
	}
	return m
}()

// fillerWords are words that never name what a question is about, whatever the municipality: adverbs of
// time, degree and manner, conjunctions, numerals written out, and the commonest forms of auxiliary and
// generic verbs. Residents write them in long questions ("ik ben 3 weken geleden verhuisd", "de tegel steekt
// steeds verder omhoog"); left in, an article cannot cover such a question and no direct answer is given.
const fillerWords = `vandaag gisteren eergisteren morgen overmorgen vannacht vanavond vanochtend vanmorgen vanmiddag
	straks zojuist onlangs laatst geleden vorige vorig volgende volgend komende binnenkort
	later eerder vroeger voorheen tegenwoordig meteen direct gelijk zometeen intussen ondertussen sindsdien
	steeds telkens weer alweer opnieuw nogmaals vaak zelden regelmatig constant continu elke ieder iedere
	bijna ongeveer zowat helemaal totaal compleet enorm enorme ontzettend vreselijk best redelijk behoorlijk
	tamelijk nogal hartstikke super extra genoeg teveel te weinig beetje paar aantal
	terwijl tijdens nadat voordat sinds zodat zodra totdat hoewel ofschoon indien mits tenzij waardoor
	daardoor daarvan waarvan daarmee waarmee daarover waarover daarin waarin daarop waarop daaraan waaraan
	daarna daarom verder echter wel niet niks nergens overal iedereen alles sommige sommigen
	twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig honderd duizend
	eerste tweede derde vierde half halve
	komt kwam kwamen gekomen doet deden gedaan gaat ging gingen gegaan staat stond stonden gestaan
	zit zat zaten gezeten ligt lag lagen gelegen zegt zei zeiden gezegd vind vindt vond gevonden denk denkt
	dacht gedacht lijkt leek geleken blijf blijft bleef gebleven word wordt werd werden geworden
	zou zouden zal zullen kon konden mocht mochten moest moesten wou wilde wilden
	weet wist wisten geweten hoor hoort hoorde gehoord zie ziet zag gezien`

// englishWords are the commonest English function words, for the questions expats ask; they are stop words
// too.
var englishWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i my me mine a an the to of do does did how what where when why who which
		can could is are was am be been for in on at with and or it its this that there these you your yours we
		our they their have has had get got will would should please hello hi dear thanks thank from by about
		any some into`) {
		m[w] = true
	}
	return m
}()

// stopWords are words that carry no meaning for search: the Dutch stop words and the English function words.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range dutchStop {
		m[w] = true
	}
	for w := range englishWords {
		m[w] = true
	}
	return m
}()

// stemCache remembers stems of words seen before; stemming is the costliest step of analysis and the
// vocabulary of a knowledge base is small. It stops growing at stemCacheMax entries so that arbitrary
// query words cannot exhaust memory.
var (
	stemCache     sync.Map
	stemCacheSize atomic.Int64
)

const stemCacheMax = 500_000

// stem returns the Snowball Dutch stem of a folded word. Numbers and very short words are kept as they are.
func stem(w string) string {
	if len(w) < 4 || !isAlpha(w) {
		return w
	}
	if s, ok := stemCache.Load(w); ok {
		return s.(string)
	}
	env := snowballstem.NewEnv(w)
	dutch.Stem(env)
	s := env.Current()
	if stemCacheSize.Load() < stemCacheMax {
		stemCache.Store(w, s)
		stemCacheSize.Add(1)
	}
	return s
}

func isAlpha(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return false
		}
	}
	return true
}

// plainMarkdown removes the Markdown syntax the knowledge base uses (headings, list bullets, emphasis,
// links) so that it is neither indexed nor shown in snippets.
func plainMarkdown(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimLeft(line, "#>")
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") {
			line = line[2:]
		}
		line = emphasis.Replace(line)
		line = stripLinks(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// emphasis removes Markdown emphasis and code marks; built once, as replacers are costly to build.
var emphasis = strings.NewReplacer("**", "", "__", "", "`", "")

// stripLinks turns [text](url) into text.
func stripLinks(s string) string {
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			return s
		}
		open := strings.LastIndex(s[:i], "[")
		end := strings.Index(s[i:], ")")
		if open < 0 || end < 0 {
			return s
		}
		s = s[:open] + s[open+1:i] + s[i+end+1:]
	}
}
