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
