package search

import (
	"fmt"
	"os"
	"testing"
)

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

func TestExplainCov(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip()
	}
	ix := demoIx(t)
	st := ix.st
	p := st.analyseQuery(q, ix.syn)
	top, rv := ix.rank(st, p, 5)
	for _, c := range top {
		fmt.Printf("  %s score=%.2f cov=%.2f\n", st.docs[c.doc].a.ID, c.score, c.coverage)
	}
	fmt.Printf("rival other=%s %.2f related=%s %.2f\n", st.docs[rv.other.doc].a.ID, rv.other.score, st.docs[rv.related.doc].a.ID, rv.related.score)
}
