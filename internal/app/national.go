package app

import (
	"context"
	"errors"
	"time"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/console"
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

// NationalOverview lists every national article with how many municipalities of this deployment inherit
// it and how many have their own text for it, for the host's console.
func (a *App) NationalOverview(ctx context.Context) ([]kb.NationalUse, error) {
	if a.National == nil {
		return nil, errors.New("app: only the host keeps the national texts")
	}
	return a.National.Usage(ctx, a.nationalTargets())
}

// NationalArticle returns the host's national article of a UPL product; kb.ErrNotFound when there is none.
func (a *App) NationalArticle(ctx context.Context, upl string) (kb.NationalArticle, error) {
	if a.National == nil {
		return kb.NationalArticle{}, errors.New("app: only the host keeps the national texts")
	}
	return a.National.Article(ctx, upl)
}

// EditNational saves one national article from the host's console (baseVersion 0: a new one) and, when
// it changed, brings every inheriting article of every knowledge base of the deployment up to date at
// once, as SaveNational does. The propagation goes on when the administrator's browser goes away: a
// tenant left behind would only catch up at its next start.
func (a *App) EditNational(ctx context.Context, actor string, art kb.Article, baseVersion int) (kb.NationalEdit, error) {
	if a.National == nil {
		return kb.NationalEdit{}, errors.New("app: only the host keeps the national texts")
	}
	res, err := a.National.Edit(ctx, actor, art, baseVersion)
	if err != nil || len(res.Changed) == 0 {
		return res, err
	}
	res.Followed, err = kb.Propagate(context.WithoutCancel(ctx), []string{res.Saved.Article.UPL}, a.nationalTargets())
	return res, err
}

// nationalConsole is the host's console of national texts: on the host's own App when it has a console
// of tenants (--host-admin-host), nil on a tenant's App and a single installation's.
func (a *App) nationalConsole() console.NationalTexts {
	if a.tenantAdmin == nil || a.National == nil {
		return nil
	}
	return a
}

// CheckNational runs the rules of a national article without saving it, for a form whose other input
// could not be read.
func (a *App) CheckNational(art kb.Article) error {
	if a.National == nil {
		return errors.New("app: only the host keeps the national texts")
	}
	_, err := a.National.Check(art)
	return err
}
