package public

import (
	"context"
	"sync"

	"loket/internal/store"
)

// catalogCache keeps in memory which products have an online request form and which can be booked at the
// counter, so that a product page links to both without reading the form or the appointment schedule on
// every view. A saved form or appointment product empties it, on this instance and (by notification) on
// the others; the next view reads both lists again, once.
type catalogCache struct {
	store  *store.Store
	mu     sync.RWMutex
	gen    uint64 // counts changes, so that a load that raced a change is not kept
	loaded bool
	links  store.CatalogLinks
}

func newCatalogCache(st *store.Store) *catalogCache {
	c := &catalogCache{store: st}
	if st != nil {
		st.OnCatalogChanged(c.forget)
	}
	return c
}

func (c *catalogCache) forget() {
	c.mu.Lock()
	c.gen++
	c.loaded, c.links = false, store.CatalogLinks{}
	c.mu.Unlock()
}

// get returns the links, reading them when the cache is empty.
func (c *catalogCache) get(ctx context.Context) (store.CatalogLinks, error) {
	c.mu.RLock()
	links, loaded, gen := c.links, c.loaded, c.gen
	c.mu.RUnlock()
	if loaded {
		return links, nil
	}
	links, err := c.store.ReadCatalogLinks(ctx)
	if err != nil {
		return links, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.links, c.loaded = links, true
	}
	c.mu.Unlock()
	return links, nil
}
