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
	byHead map[headLen][]string // words by first byte and length, for fuzzy look-ups
	splits sync.Map             // word -> []string, cached compound splits
}

// headLen is the first byte and the length of a word: a word within an edit distance of k has the same
// first byte (for dictionary words) and a length at most k apart, so fuzzy looks at a few buckets only.
type headLen struct {
	head byte
	n    int
}

func newDictionary(count map[string]int32) *dictionary {
	d := &dictionary{count: count, byHead: map[headLen][]string{}}
	for w := range count {
		k := headLen{w[0], len(w)}
		d.byHead[k] = append(d.byHead[k], w)
	}
	for _, ws := range d.byHead {
		sort.Strings(ws)
	}
	return d
}

// add records a word of a new or changed article; the caller holds the index write lock.
func (d *dictionary) add(w string) {
	if d.count[w] == 0 {
		k := headLen{w[0], len(w)}
		d.byHead[k] = append(d.byHead[k], w)
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
func (d *dictionary) fuzzy(w string, extra *wordsByLen, max int) []fuzzyMatch {
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
	for n := len(w) - maxDist; n <= len(w)+maxDist; n++ {
		for _, c := range d.byHead[headLen{w[0], n}] {
			consider(c)
		}
		for _, c := range extra.ofLen(n) {
			if d.count[c] == 0 {
				consider(c)
			}
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
// computed on bytes; it returns max+1 as soon as the distance is known to exceed max. Only the cells within
// max of the diagonal are computed (the others cannot lead to a distance of at most max).
func editDistance(a, b string, maxDist int) int {
	if len(a) > 64 || len(b) > 64 || abs(len(a)-len(b)) > maxDist || maxDist > 60 {
		return maxDist + 1
	}
	inf := uint8(maxDist + 1)
	var rows [3][66]uint8
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b) && j <= maxDist; j++ {
		prev[j] = uint8(j)
	}
	if maxDist+1 <= len(b) {
		prev[maxDist+1] = inf
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-maxDist), min(len(b), i+maxDist)
		rowMin := inf
		if lo == 1 {
			cur[0] = uint8(min(i, int(inf)))
			rowMin = cur[0]
		} else {
			cur[lo-1] = inf
		}
		for j := lo; j <= hi; j++ {
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			v = min(v, inf)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi+1 <= len(b) {
			cur[hi+1] = inf
		}
		if rowMin > uint8(maxDist) {
			return maxDist + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(min(prev[len(b)], inf))
}

// wordsByLen groups words by their length (in bytes), for fuzzy look-ups; nil holds none.
type wordsByLen struct {
	byLen [][]string
}

func groupByLen(words []string) *wordsByLen {
	g := &wordsByLen{}
	for _, w := range words {
		for len(g.byLen) <= len(w) {
			g.byLen = append(g.byLen, nil)
		}
		g.byLen[len(w)] = append(g.byLen[len(w)], w)
	}
	return g
}

func (g *wordsByLen) ofLen(n int) []string {
	if g == nil || n < 0 || n >= len(g.byLen) {
		return nil
	}
	return g.byLen[n]
}
