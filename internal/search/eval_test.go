package search

import (
	"os"
	"strings"
	"sync"
	"testing"

	"loket/internal/demo"
)

// The shared evaluation sets live next to the repository (../shared/eval), also in CI.
const (
	queriesFile  = "../../../shared/eval/queries-dev.tsv"
	messagesFile = "../../../shared/eval/messages-dev.tsv"
)

var (
	demoOnce  sync.Once
	demoIndex *Index
	demoErr   error
)

// demoIx returns an index of the demo knowledge base, built once per test binary.
func demoIx(t testing.TB) *Index {
	t.Helper()
	demoOnce.Do(func() {
		articles, err := demo.Articles()
		if err != nil {
			demoErr = err
			return
		}
		demoIndex, demoErr = New(nil)
		if demoErr == nil {
			demoErr = demoIndex.Rebuild(articles)
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoIndex
}

func openEval(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("%s not found", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSearchQuality(t *testing.T) {
	m, err := Evaluate(demoIx(t), openEval(t, queriesFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(m)
	for _, miss := range m.Misses {
		t.Logf("miss rank=%d answer=%q %q want %s got %v", miss.Rank, miss.Answer, miss.Query, strings.Join(miss.Want, ","), miss.Got)
	}
	// Floors at the figures reached (see the README), so that no change makes search worse unnoticed. They
	// meet the targets of issue 18: success@1 0.95, success@3 0.99, direct answers for 0.75 of answerable
	// queries right in 0.98 of them, none for 0.90 of unanswerable ones (reached: 0.955, 1.000, 0.757,
	// 0.987, 0.944).
	targets := []struct {
		name      string
		got, want float64
	}{
		{"success@1", m.Success1, 0.95},
		{"success@3", m.Success3, 0.99},
		{"success@5", m.Success5, 0.99},
		{"no answer to unanswerable queries", m.NoAnswerRate, 0.94},
		{"direct answers to answerable queries", m.AnswerRate, 0.75},
		{"direct answers that are right", m.AnswerPrecision, 0.98},
	}
	for _, tg := range targets {
		if tg.got < tg.want {
			t.Errorf("%s = %.3f, want >= %.2f", tg.name, tg.got, tg.want)
		}
	}
}

func TestSuggestAnswersQuality(t *testing.T) {
	m, err := EvaluateMessages(demoIx(t), openEval(t, messagesFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(m)
	for _, miss := range m.Misses {
		t.Logf("miss %q want %s got %v", miss.Query, strings.Join(miss.Want, ","), miss.Got)
	}
	// Reached 1.000 (issue 18 asks 0.97); one miss in the 60 messages is allowed.
	if m.Success3 < 0.98 {
		t.Errorf("success@3 = %.3f, want >= 0.98", m.Success3)
	}
}
