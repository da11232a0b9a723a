package search

import (
	"fmt"
	"os"
	"testing"
)

func TestTuneAnswer(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip()
	}
	ix := demoIx(t)
	for _, cf := range []float32{0.8, 1.0} {
		for _, cov := range []float32{0.5, 0.6, 0.7} {
			for _, m := range []float32{1.1, 1.25, 1.4} {
				for _, tm := range []float32{1.25, 1.4, 1.6} {
					for _, rm := range []float32{1.0, 1.1} {
						covFull, answerMinCoverage, answerMinMargin, answerTopicMargin, answerRelatedMargin = cf, cov, m, tm, rm
						f, _ := os.Open(queriesFile)
						mt, _ := Evaluate(ix, f)
						f.Close()
						fmt.Printf("cf=%.1f cov=%.2f m=%.2f tm=%.2f rm=%.2f rate=%.3f prec=%.3f none=%.3f s1=%.3f\n", cf, cov, m, tm, rm, mt.AnswerRate, mt.AnswerPrecision, mt.NoAnswerRate, mt.Success1)
					}
				}
			}
		}
	}
}

func TestExplain(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip()
	}
	ix := demoIx(t)
	st := ix.st
	p := st.analyseQuery(q, ix.syn)
	fmt.Printf("english=%v\n", p.english)
	for _, g := range p.groups {
		fmt.Printf("group imp=%.2f light=%v terms=%v\n", g.importance, g.light, g.terms)
	}
	res, _ := ix.SearchWith(q, Options{Limit: 5})
	for _, h := range res.Hits {
		fmt.Printf("  %.2f %s\n", h.Score, h.ID)
	}
	if res.Answer != nil {
		fmt.Println("answer", res.Answer.ID)
	}
}
