package insight

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
)

// Question is an incoming question for which no suggested answer was used, reduced to its words: no
// digits, e-mail addresses, links or short words are kept, so a number or an address never gets stored.
type Question struct {
	Day     string
	Channel string
	Words   []string
}

// stopwords are Dutch function words that say nothing about the subject of a question.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`aan aangezien achter af al alle alleen als alsjeblieft alstublieft altijd ander andere
	ben bent bij bijvoorbeeld binnen daar daarom dag dan dank dat de deze die dit doe doen door dus echter een
	eens eigen elk en er erg ermee even ga gaan gaat geen geweest goed graag had hadden heb hebben hebt heeft
	hem hen het hier hij hoe hoeveel hoelang hun ik in is ja je jij jou jouw kan kun kunnen kunt laat later
	maar me meer mee men met mij mijn moet moeten mogelijk mag mogen na naar nee niet niets nog nodig nu of
	om omdat ons onze ook op over vraag vragen via voor vanaf van veel vooral waar waarom wanneer wat we wel
	welk welke wie wij wil willen wilt word worden wordt ze zal zelf zich zij zijn zo zodat zonder zou zouden
	hallo hoi beste groet groeten groetjes bedankt dankjewel vriendelijke gemeente mevrouw meneer u uw
	laten krijg krijgen kom komen`) {
		stopwords[w] = true
	}
}

// Words reduces a question to its content words, lower case, in order, each once. Words with a digit,
// an @ or a slash are dropped (they are numbers, addresses or links), and so are words under 3 letters.
func Words(text string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(text)) {
		if strings.ContainsAny(f, "@/:0123456789") {
			continue
		}
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
		if len([]rune(w)) < 3 || stopwords[w] || slices.Contains(out, w) || strings.IndexFunc(w, notWordRune) >= 0 {
			continue
		}
		out = append(out, w)
		if len(out) == 12 {
			break
		}
	}
	return out
}

// QuestionWords reduces a resident's message to the words Words keeps, after removing what may name a
// person: the words of names (the sender's own name), capitalised words inside a sentence (Dutch writes
// nouns in lower case, so those are mostly names of people), quoted lines of an earlier e-mail and
// everything from a signature on.
func QuestionWords(text string, names ...string) []string {
	drop := map[string]bool{}
	for _, n := range names {
		for _, w := range strings.FieldsFunc(strings.ToLower(n), func(r rune) bool { return !unicode.IsLetter(r) }) {
			drop[w] = true
		}
	}
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "--" || strings.HasPrefix(strings.ToLower(line), "met vriendelijke groet") {
			break
		}
		if strings.HasPrefix(line, ">") {
			continue
		}
		start := true // the first word of a sentence may have a capital without being a name
		for _, f := range strings.Fields(line) {
			w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
			name := !start && w != "" && unicode.IsUpper([]rune(w)[0])
			start = strings.ContainsAny(f[len(f)-1:], ".?!:")
			if name || drop[strings.ToLower(w)] {
				continue
			}
			kept = append(kept, f)
		}
	}
	return Words(strings.Join(kept, " "))
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && r != '-' }

// Gap is a group of unanswered questions that share their most telling word.
type Gap struct {
	Key      string   // the shared word, e.g. "container"
	Words    []string // the words the group has most often, most frequent first
	Count    int
	TaskID   int64  // the nearest task, 0 when no task shares a word
	TaskName string // its name
}

// TaskWords is a task with the words that describe it (name, topics, titles of its articles).
type TaskWords struct {
	ID    int64
	Name  string
	Words []string
}

// GroupGaps groups questions by their word that occurs most often over all questions (so a group is a
// subject, not a spelling), orders the groups by size and links each to the task of its subject, if any.
func GroupGaps(questions []Question, tasks []TaskWords) []Gap {
	df := map[string]int{}
	for _, q := range questions {
		for _, w := range q.Words {
			df[w]++
		}
	}
	groups := map[string]*gapGroup{}
	var order []string
	for _, q := range questions {
		if len(q.Words) == 0 {
			continue
		}
		k := groupKey(q.Words, df)
		g, ok := groups[k]
		if !ok {
			g = &gapGroup{words: map[string]int{}}
			groups[k] = g
			order = append(order, k)
		}
		g.count++
		for _, w := range q.Words {
			g.words[w]++
		}
	}
	gaps := make([]Gap, 0, len(order))
	for _, k := range order {
		g := groups[k]
		gap := Gap{Key: k, Count: g.count, Words: g.top(6)}
		gap.TaskID, gap.TaskName = nearestTask(g.words, g.count, tasks)
		gaps = append(gaps, gap)
	}
	slices.SortStableFunc(gaps, func(a, b Gap) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Key, b.Key)
	})
	return gaps
}

type gapGroup struct {
	count int
	words map[string]int
}

func (g *gapGroup) top(n int) []string {
	words := make([]string, 0, len(g.words))
	for w := range g.words {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		if g.words[a] != g.words[b] {
			return g.words[b] - g.words[a]
		}
		return strings.Compare(a, b)
	})
	return words[:min(n, len(words))]
}

// groupKey picks a question's word with the highest frequency over all questions; ties go alphabetically.
func groupKey(words []string, df map[string]int) string {
	ws := slices.Clone(words)
	slices.SortStableFunc(ws, func(a, b string) int {
		if df[a] != df[b] {
			return df[b] - df[a]
		}
		return strings.Compare(a, b)
	})
	return ws[0]
}

// nearestTask links a group of questions to the task that describes its subject. A task qualifies only
// when it shares a word that at least half of the group's questions contain (their subject, such as
// "container"), so a word that a few questions have in passing ("kwijt" in "kan ik mijn kerstboom kwijt")
// never links a group to an unrelated task ("Kwijtschelding belastingen"). Among qualifying tasks the one
// sharing the most question words wins; without one the group has no task. Words match on their Dutch
// stem (containers ~ container, kerstbomen ~ kerstboom).
func nearestTask(words map[string]int, count int, tasks []TaskWords) (int64, string) {
	var best TaskWords
	bestScore := 0
	for _, t := range tasks {
		stems := make(map[string]bool, len(t.Words))
		for _, tw := range t.Words {
			stems[stem(tw)] = true
		}
		score, subject := 0, false
		for w, n := range words {
			if stems[stem(w)] {
				score += n
				subject = subject || 2*n >= count
			}
		}
		if subject && score > bestScore {
			best, bestScore = t, score
		}
	}
	return best.ID, best.Name
}

// stem is a word's Dutch Snowball stem.
func stem(w string) string {
	env := snowballstem.NewEnv(w)
	dutch.Stem(env)
	return env.Current()
}
