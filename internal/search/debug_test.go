package search

import (
	"os"
	"testing"
)

func TestDebugPlan(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip()
	}
	ix := demoIx(t)
	p := ix.st.analyseQuery(q, ix.syn)
	for _, g := range p.groups {
		t.Logf("group imp=%.2f %v", g.importance, g.terms)
	}
	top, ru := ix.rank(ix.st, p, 5)
	for _, c := range top {
		t.Logf("%s %.2f cov=%.2f", ix.st.docs[c.doc].a.ID, c.score, c.coverage)
	}
	t.Logf("runnerUp %.2f", ru)
}

func TestDebugConfidence(t *testing.T) {
	if os.Getenv("CONF") == "" {
		t.Skip()
	}
	ix := demoIx(t)
	cases, _ := readCases(openEval(t, queriesFile))
	for _, c := range cases {
		p := ix.st.analyseQuery(c.text, ix.syn)
		top, ru := ix.rank(ix.st, p, 5)
		if len(top) == 0 {
			t.Logf("NONE %q", c.text)
			continue
		}
		ok := c.want[ix.st.docs[top[0].doc].a.ID]
		t.Logf("CONF un=%v ok=%v cov=%.2f ratio=%.2f score=%.2f %q", c.want["-"], ok, top[0].coverage, top[0].score/ru, top[0].score, c.text)
	}
}

