package search

import "slices"

// Reranker reorders the best candidates of a search, for example with a static embedding model, without
// changing the callers of Search. The index finds the candidates (RerankDepth of them) and keeps the
// direct-answer rule; the re-ranker only decides their order.
type Reranker interface {
	// Rerank returns one score per candidate, in the order given; higher is better. On an error the index
	// keeps its own order.
	Rerank(query string, candidates []Candidate) ([]float64, error)
}

// Candidate is an article the index found for a query, as a re-ranker sees it.
type Candidate struct {
	ID, Title, Summary string
	Score              float64 // the index's own score
}

// RerankDepth is how many of the index's best candidates a re-ranker sees.
const RerankDepth = 20

// SetReranker installs r over the best candidates of every search; nil removes it.
func (ix *Index) SetReranker(r Reranker) {
	ix.mu.Lock()
	ix.rerank = r
	ix.mu.Unlock()
}

// rankAndRerank ranks the plan and, with a re-ranker installed, lets it reorder the best candidates. When
// the re-ranker puts another article first, the runner-up is the best competitor of that article among
// the candidates and the one the index put first.
func (ix *Index) rankAndRerank(st *state, p plan, q string, limit int) ([]scored, rivals) {
	if ix.rerank == nil {
		return ix.rank(st, p, limit)
	}
	top, runnerUp := ix.rank(st, p, max(limit, RerankDepth))
	if len(top) < 2 {
		return top, runnerUp
	}
	cands := make([]Candidate, len(top))
	for i, c := range top {
		a := &st.docs[c.doc].a
		cands[i] = Candidate{ID: a.ID, Title: a.Title, Summary: a.Summary, Score: float64(c.score)}
	}
	scores, err := ix.rerank.Rerank(q, cands)
	if err != nil || len(scores) != len(top) {
		return top[:min(limit, len(top))], runnerUp
	}
	first := top[0].doc
	order := make([]int, len(top))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	out := make([]scored, len(top))
	for i, j := range order {
		out[i] = top[j]
	}
	if out[0].doc != first {
		var total float32
		for _, g := range p.groups {
			total += g.importance
		}
		out[0].about = st.aboutCoverage(&scratch{}, out[0].doc, p, total)
		byDoc := map[uint32]scored{}
		docs := make([]uint32, 0, len(out)-1)
		for _, c := range out[1:] {
			byDoc[c.doc] = c
			docs = append(docs, c.doc)
		}
		runnerUp = st.rivalsOf(out[0], docs, func(d uint32) scored { return byDoc[d] })
	}
	return out[:min(limit, len(out))], runnerUp
}
