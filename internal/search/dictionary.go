package search

import (
	"sort"
	"sync"
)

// dictionary is the vocabulary of the indexed articles (folded surface words with their frequency). It drives
// compound splitting (a word is split only into parts that occur on their own somewhere in the knowledge
// base) and typo correction.
type dictionary struct {
	count  map[string]int32
	byHead map[byte][]string // words by first byte, for fuzzy look-ups
	splits sync.Map          // word -> []string, cached compound splits
}

func newDictionary(count map[string]int32) *dictionary {
	d := &dictionary{count: count, byHead: map[byte][]string{}}
	for w := range count {
		d.byHead[w[0]] = append(d.byHead[w[0]], w)
	}
	for _, ws := range d.byHead {
		sort.Strings(ws)
	}
	return d
}

// add records a word of a new or changed article; the caller holds the index write lock.
func (d *dictionary) add(w string) {
	if d.count[w] == 0 {
		d.byHead[w[0]] = append(d.byHead[w[0]], w)
		d.splits.Clear()
	}
	d.count[w]++
}

// has reports whether w can be a part of a compound: a known content word of at least three letters.
func (d *dictionary) has(w string) bool {
	return len(w) >= 3 && d.count[w] > 0 && !stopWords[w]
}

const minCompoundLen = 7

// split divides a compound into known words, for example "afvalcontainer" into "afval" and "container" and
// "kortingspas" into "korting" and "pas" (dropping the linking s). It prefers two parts over three and, among
// those, the most even split. It returns nil when w is no compound of known words.
func (d *dictionary) split(w string) []string {
	if len(w) < minCompoundLen || !isAlpha(w) {
		return nil
	}
	if v, ok := d.splits.Load(w); ok {
		return v.([]string)
	}
	parts := splitWith(w, d.has, 2)
	d.splits.Store(w, parts)
	return parts
}

// fuzzy returns up to max known words within a small edit distance of w (1 for words of 5 to 7 letters,
// 2 for longer ones), sharing its first letter, closest and most frequent first.
func (d *dictionary) fuzzy(w string, extra []string, max int) []fuzzyMatch {
	maxDist := 1
	if len(w) >= 8 {
		maxDist = 2
	}
	var out []fuzzyMatch
	consider := func(c string) {
		if c == w || abs(len(c)-len(w)) > maxDist {
			return
		}
		if dist := editDistance(w, c, maxDist); dist <= maxDist {
			out = append(out, fuzzyMatch{word: c, dist: dist, count: d.count[c]})
		}
	}
	for _, c := range d.byHead[w[0]] {
		consider(c)
	}
	for _, c := range extra {
		if d.count[c] == 0 {
			consider(c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].dist != out[j].dist {
			return out[i].dist < out[j].dist
		}
		if out[i].count != out[j].count {
			return out[i].count > out[j].count
		}
		return out[i].word < out[j].word
	})
	if len(out) > max {
		out = out[:max]
	}
	return out
}

type fuzzyMatch struct {
	word  string
	dist  int
	count int32
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus transpositions) between a and b,
// computed on bytes; it returns max+1 as soon as the distance is known to exceed max.
func editDistance(a, b string, max int) int {
	if len(a) > 64 || len(b) > 64 {
		return max + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
