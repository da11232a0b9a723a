package app

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/store"
)

// followOtherInstances keeps this instance's search index in step with changes made through other
// instances on the same PostgreSQL, by LISTENing on the article channel. It reconnects after errors.
func (a *App) followOtherInstances(ctx context.Context) {
	for ctx.Err() == nil {
		err := a.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		a.log.Warn("article change listener stopped, reconnecting", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (a *App) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, a.Store.DSN())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+store.ArticleChannel); err != nil {
		return err
	}
	// Changes made while this instance was not listening (start-up, reconnect) are caught by a rebuild.
	if err := a.rebuildSearch(ctx); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		a.reindex(n.Payload)
	}
}

func (a *App) rebuildSearch(ctx context.Context) error {
	articles, err := a.Store.ListArticles(ctx, store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	return a.Search.Rebuild(articles)
}
