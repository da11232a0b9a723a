package public

import (
	"context"
	"errors"
	"sync"

	"loket/internal/kb"
	"loket/internal/store"
)

// maxCachedArticles bounds the article cache; past it the cache starts over (a municipality has a few
// hundred articles, the national base some tens of thousands).
const maxCachedArticles = 100_000

// cachedArticle is a published article with its published related articles, as an article page shows them.
type cachedArticle struct {
	Article kb.Article
	Related []kb.Article
	Parts   *articleParts // its Dutch page's parts, rendered once; nil: rendered at each view
}

// articleCache keeps the published articles that pages show in memory, so that a view neither reads nor
// decodes the article and its related articles from the database. Any article change empties it: a change
// can depublish an article or one of the related articles of another, and changes are rare next to views.
// It only holds published articles, so a draft is never served from it and an unknown id costs no memory.
type articleCache struct {
	store *store.Store
	mu    sync.RWMutex
	gen   uint64 // counts changes, so that a load that raced a change is not kept
	byID  map[string]cachedArticle
	// parts renders an entry's page parts when it is cached; nil leaves them to each view.
	parts func(cachedArticle) *articleParts
}

// newArticleCache is a cache over st, emptied by every article change st announces (made through this
// instance, or through another one when the app passes on its notification).
func newArticleCache(st *store.Store) *articleCache {
	c := &articleCache{store: st, byID: map[string]cachedArticle{}}
	if st != nil { // a web layer built without a store serves no articles
		st.OnArticleChanged(func(string) { c.forget() })
	}
	return c
}

// forget empties the cache.
func (c *articleCache) forget() {
	c.mu.Lock()
	c.gen++
	c.byID = map[string]cachedArticle{}
	c.mu.Unlock()
}

// published returns the article id with its published related articles; ok is false when the article
// does not exist or is not published. Errors other than not-found are returned.
func (c *articleCache) published(ctx context.Context, id string) (cachedArticle, bool, error) {
	c.mu.RLock()
	e, hit := c.byID[id]
	gen := c.gen
	c.mu.RUnlock()
	if hit {
		return e, true, nil
	}
	a, err := c.store.Article(ctx, id)
	switch {
	case errors.Is(err, kb.ErrNotFound):
		return e, false, nil
	case err != nil:
		return e, false, err
	case !a.Published():
		return e, false, nil
	}
	e.Article = a
	complete := true // a related article that failed to load is left out of this view, not of the cache
	for _, rid := range a.Related {
		rel, err := c.store.Article(ctx, rid)
		switch {
		case err == nil && rel.Published():
			e.Related = append(e.Related, rel)
		case err != nil && !errors.Is(err, kb.ErrNotFound):
			complete = false
		}
	}
	if c.parts != nil && complete {
		e.Parts = c.parts(e)
	}
	c.mu.Lock()
	if c.gen == gen && complete { // no change since the reads began: the entry is current
		if len(c.byID) >= maxCachedArticles {
			c.byID = map[string]cachedArticle{}
		}
		c.byID[id] = e
	}
	c.mu.Unlock()
	return e, true, nil
}
