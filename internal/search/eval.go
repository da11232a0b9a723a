package search

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Metrics are the quality figures of search over a query set, defined as in ../shared/eval/searcheval.
type Metrics struct {
	Queries         int     // answerable queries
	Success1        float64 // share of answerable queries with a right article first
	Success3        float64 // ... among the first three
	Success5        float64 // ... among the first five
	MRR             float64 // mean reciprocal rank of the first right article (0 when none in the top 10)
	AnswerRate      float64 // share of answerable queries that got a direct answer
	AnswerPrecision float64 // share of those direct answers that were right
	Unanswerable    int     // queries the knowledge base holds no answer to
	NoAnswerRate    float64 // share of those that rightly got no direct answer
	Misses          []Miss  // answerable queries without a right first hit, and wrong answers to unanswerable ones
}

// Miss is one query search got wrong.
type Miss struct {
	Query  string
	Want   []string // right ids; "-" for none
	Got    []string // first ids returned
	Rank   int      // of the first right id, 0 when absent
	Answer string   // id of the direct answer, if any
}

// evalCase is one line of a query or message file: text<TAB>id1,id2.
type evalCase struct {
	text string
	want map[string]bool
	ids  []string
}

// readCases parses a TSV evaluation file; blank lines and lines starting with # are skipped.
func readCases(r io.Reader) ([]evalCase, error) {
	var out []evalCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, ids, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("search: evaluation line %d has no tab", n)
		}
		ids, _, _ = strings.Cut(ids, "\t")
		c := evalCase{text: text, want: map[string]bool{}}
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				c.want[id] = true
				c.ids = append(c.ids, id)
			}
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Evaluate runs every query of a query file (query<TAB>ids, "-" for unanswerable) against ix with limit 10
// and returns the figures.
func Evaluate(ix *Index, queries io.Reader) (Metrics, error) {
	cases, err := readCases(queries)
	if err != nil {
		return Metrics{}, err
	}
	var m Metrics
	var h1, h3, h5, answered, right, noneOK int
	var rr float64
	for _, c := range cases {
		res, err := ix.Search(c.text, 10)
		if err != nil {
			return Metrics{}, fmt.Errorf("search: query %q: %w", c.text, err)
		}
		miss := Miss{Query: c.text, Want: c.ids}
		for i, h := range res.Hits {
			if i < 5 {
				miss.Got = append(miss.Got, h.ID)
			}
			if miss.Rank == 0 && c.want[h.ID] {
				miss.Rank = i + 1
			}
		}
		if res.Answer != nil {
			miss.Answer = res.Answer.ID
		}
		if c.want["-"] {
			m.Unanswerable++
			if res.Answer == nil {
				noneOK++
			} else {
				m.Misses = append(m.Misses, miss)
			}
			continue
		}
		m.Queries++
		if res.Answer != nil {
			answered++
			if c.want[res.Answer.ID] {
				right++
			}
		}
		if miss.Rank > 0 {
			rr += 1 / float64(miss.Rank)
		}
		h1 += b2i(miss.Rank == 1)
		h3 += b2i(miss.Rank >= 1 && miss.Rank <= 3)
		h5 += b2i(miss.Rank >= 1 && miss.Rank <= 5)
		if miss.Rank != 1 {
			m.Misses = append(m.Misses, miss)
		}
	}
	if m.Queries > 0 {
		n := float64(m.Queries)
		m.Success1, m.Success3, m.Success5, m.MRR = float64(h1)/n, float64(h3)/n, float64(h5)/n, rr/n
		m.AnswerRate = float64(answered) / n
	}
	if answered > 0 {
		m.AnswerPrecision = float64(right) / float64(answered)
	}
	if m.Unanswerable > 0 {
		m.NoAnswerRate = float64(noneOK) / float64(m.Unanswerable)
	}
	return m, nil
}

// String prints the figures on one line, as the CLI shows them.
func (m Metrics) String() string {
	return fmt.Sprintf("queries=%d success@1=%.3f success@3=%.3f success@5=%.3f mrr=%.3f answer-rate=%.3f answer-precision=%.3f unanswerable=%d no-answer=%.3f",
		m.Queries, m.Success1, m.Success3, m.Success5, m.MRR, m.AnswerRate, m.AnswerPrecision, m.Unanswerable, m.NoAnswerRate)
}

// MessageMetrics are the quality figures of SuggestAnswers over a message set.
type MessageMetrics struct {
	Messages int
	Success1 float64 // share of messages with a right article first
	Success3 float64 // ... among the first three
	Misses   []Miss  // messages without a right article in the first three
}

// EvaluateMessages runs SuggestAnswers(message, 3) for every line of a message file (message<TAB>ids).
func EvaluateMessages(ix *Index, messages io.Reader) (MessageMetrics, error) {
	cases, err := readCases(messages)
	if err != nil {
		return MessageMetrics{}, err
	}
	var m MessageMetrics
	var h1, h3 int
	for _, c := range cases {
		hits, err := ix.SuggestAnswers(c.text, 3)
		if err != nil {
			return MessageMetrics{}, err
		}
		miss := Miss{Query: c.text, Want: c.ids}
		for i, h := range hits {
			miss.Got = append(miss.Got, h.ID)
			if miss.Rank == 0 && c.want[h.ID] {
				miss.Rank = i + 1
			}
		}
		m.Messages++
		h1 += b2i(miss.Rank == 1)
		h3 += b2i(miss.Rank >= 1)
		if miss.Rank == 0 {
			m.Misses = append(m.Misses, miss)
		}
	}
	if m.Messages > 0 {
		m.Success1, m.Success3 = float64(h1)/float64(m.Messages), float64(h3)/float64(m.Messages)
	}
	return m, nil
}

// String prints the figures on one line.
func (m MessageMetrics) String() string {
	return fmt.Sprintf("messages=%d success@1=%.3f success@3=%.3f", m.Messages, m.Success1, m.Success3)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
