package search

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strings"
	"sync"
)

// wordlistGz is the OpenTaal list of Dutch words (BSD or CC BY 3.0, see wordlist/LICENSE-OpenTaal.txt),
// folded and without names, one word a line, sorted. It lets query analysis split compounds the knowledge
// base never uses into real Dutch words, and tell Dutch words from English ones.
//
//go:embed wordlist/nl.txt.gz
var wordlistGz []byte

// wordList is a sorted list of words in one string, looked up by binary search: about 6 MB for 350,000
// words, where a map would take several times that.
type wordList struct {
	data string
	offs []uint32 // start of every word in data; words end at the next '\n'
}

var (
	dutchOnce sync.Once
	dutchList *wordList
)

// dutchWords returns the Dutch word list, read on first use.
func dutchWords() *wordList {
	dutchOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(wordlistGz))
		if err != nil {
			panic("search: word list: " + err.Error())
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			panic("search: word list: " + err.Error())
		}
		dutchList = newWordList(string(data))
	})
	return dutchList
}

func newWordList(data string) *wordList {
	l := &wordList{data: data, offs: make([]uint32, 0, strings.Count(data, "\n")+1)}
	for start := 0; start < len(data); {
		end := strings.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data) - start
		}
		if end > 0 {
			l.offs = append(l.offs, uint32(start))
		}
		start += end + 1
	}
	return l
}

func (l *wordList) word(i int) string {
	s := l.data[l.offs[i]:]
	if end := strings.IndexByte(s, '\n'); end >= 0 {
		return s[:end]
	}
	return s
}

// has reports whether w is in the list.
func (l *wordList) has(w string) bool {
	i := sort.Search(len(l.offs), func(i int) bool { return l.word(i) >= w })
	return i < len(l.offs) && l.word(i) == w
}

// Len returns the number of words.
func (l *wordList) Len() int { return len(l.offs) }

// splitDutch divides a compound into words of the Dutch word list (at least three letters each, linking
// s/en/e/n dropped from the modifier), preferring two parts over three and then the most even split; nil
// when w is no such compound. It is used for query words the knowledge base does not know.
func splitDutch(w string) []string {
	if len(w) < minCompoundLen || !isAlpha(w) {
		return nil
	}
	l := dutchWords()
	has := func(s string) bool { return len(s) >= 3 && !stopWords[s] && l.has(s) }
	return splitWith(w, has, 2)
}

// splitWith is the compound splitter behind dictionary.split and splitDutch.
func splitWith(w string, has func(string) bool, depth int) []string {
	var best []string
	bestMin := 0
	for i := 3; i <= len(w)-3; i++ {
		left, ok := linkedHead(w[:i], has)
		if !ok {
			continue
		}
		right := w[i:]
		var parts []string
		switch {
		case has(right):
			parts = []string{left, right}
		case depth > 1 && len(right) >= 6:
			if rest := splitWith(right, has, depth-1); rest != nil {
				parts = append([]string{left}, rest...)
			}
		}
		if parts == nil {
			continue
		}
		m := len(parts[0])
		for _, p := range parts {
			m = min(m, len(p))
		}
		if best == nil || len(parts) < len(best) || len(parts) == len(best) && m > bestMin {
			best, bestMin = parts, m
		}
	}
	return best
}

// linkedHead returns the modifier part of a compound without its linking sound: "kortings" -> "korting".
func linkedHead(s string, has func(string) bool) (string, bool) {
	if has(s) {
		return s, true
	}
	for _, link := range []string{"s", "en", "e", "n"} {
		if len(s) > len(link)+2 && s[len(s)-len(link):] == link && has(s[:len(s)-len(link)]) {
			return s[:len(s)-len(link)], true
		}
	}
	return "", false
}
