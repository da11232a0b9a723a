package search

import "loket/internal/kb"

// ReplaceSynonyms switches the index to a new list of a municipality's own words (on top of the national
// thesaurus; nil for none) and rebuilds it from articles (the published ones among them are indexed).
// Searches see either the old list with the old index or the new list with the new index, never a mix.
func (ix *Index) ReplaceSynonyms(local *Synonyms, articles []kb.Article) error {
	syn := Thesaurus().With(local)
	var pub []kb.Article
	for i := range articles {
		if articles[i].Published() {
			pub = append(pub, articles[i])
		}
	}
	st := build(pub, syn)
	ix.mu.Lock()
	ix.local, ix.syn, ix.st = local, syn, st
	ix.mu.Unlock()
	return nil
}
