package app

import (
	"context"
	"errors"
	"time"

	"loket/internal/kb"
	"loket/internal/store"
)

// openNational gives the App its knowledge-base service with the national texts of the host (national,
// for a tenant) or of its own database (the host, or a single installation), and takes in every national
// change made while it was not running, before its search index is built.
func (a *App) openNational(ctx context.Context, national *store.Store) error {
	src := national
	if src == nil {
		src = a.Store
		a.National = kb.NewNational(a.Store)
		a.nationalTargets = func() []*kb.Service { return []*kb.Service{a.KB} }
	}
	a.KB = kb.NewService(a.Store, a.clock).WithNational(src)
	start := time.Now()
	n, err := a.KB.SyncNational(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		a.log.Info("national texts taken in", "articles", n, "ms", time.Since(start).Milliseconds())
	}
	return nil
}

// SaveNational stores national articles on the host (each a new version when it changed) and brings the
// articles that inherit them up to date in every knowledge base of this deployment at once: the host's
// and every tenant's, each of whose search indexes follows on every instance through its own article
// notifications. It reports how many national articles changed and how many tenant articles followed.
func (a *App) SaveNational(ctx context.Context, actor string, articles []kb.Article) (changed, followed int, err error) {
	if a.National == nil {
		return 0, 0, errors.New("app: only the host keeps the national texts")
	}
	upls, err := a.National.Import(ctx, actor, articles)
	if err != nil || len(upls) == 0 {
		return len(upls), 0, err
	}
	followed, err = kb.Propagate(ctx, upls, a.nationalTargets())
	return len(upls), followed, err
}

// shareTexts interns the texts of articles before they are indexed, so that a text many tenants have (an
// inherited national text) is held once by all their search indexes.
func shareTexts(articles []kb.Article) []kb.Article {
	for i := range articles {
		articles[i] = articles[i].Shared()
	}
	return articles
}

// knowledgeBases is every knowledge base of the deployment: the host's and each tenant's.
func (d *Deployment) knowledgeBases() []*kb.Service {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := []*kb.Service{d.host.KB}
	for _, t := range d.tenants {
		out = append(out, t.KB)
	}
	return out
}
