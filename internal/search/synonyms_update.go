package search

import "loket/internal/kb"

// ReplaceSynonyms switches the index to a new synonym list and rebuilds it from articles (the published
// ones among them are indexed). Searches see either the old list with the old index or the new list with
// the new index, never a mix; nil means DefaultSynonyms.
func (ix *Index) ReplaceSynonyms(syn *Synonyms, articles []kb.Article) error {
	if syn == nil {
		syn = DefaultSynonyms()
	}
	var pub []kb.Article
	for i := range articles {
		if articles[i].Published() {
			pub = append(pub, articles[i])
		}
	}
	st := build(pub, syn)
	ix.mu.Lock()
	ix.syn, ix.st = syn, st
	ix.mu.Unlock()
	return nil
}

// DefaultSynonymsText is the bundled synonym list as text, the starting point of the editors' list.
func DefaultSynonymsText() string { return string(defaultSynonyms) }
