package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/store"
)

// subscription is one PostgreSQL notification channel this instance follows: resync catches up on what may
// have been missed while not listening (start-up, reconnect), notice handles one notification.
type subscription struct {
	channel string
	resync  func(ctx context.Context) error
	notice  func(ctx context.Context, payload string)
}

// subscriptions are the channels every instance follows, so that its in-memory state (search index,
// synonym list, chat connections) keeps in step with changes committed through other instances.
func (a *App) subscriptions() []subscription {
	subs := []subscription{
		{channel: store.ArticleChannel, resync: a.reloadSearch, notice: a.articleChanged},
		{channel: store.SynonymsChannel, notice: a.synonymsSaved}, // reloadSearch above covers the resync
		{channel: store.ChatChannel, resync: a.Chat.Resync, notice: a.Chat.Notice},
		{channel: store.SettingsChannel, resync: a.reloadSettings, notice: func(ctx context.Context, payload string) {
			if payload == store.ChannelsPayload { // the channels: their secrets and workers follow
				if err := a.Channels.Reload(ctx); err != nil {
					a.log.Error("reload channel settings", "err", err)
				}
				return
			}
			if err := a.Municipality.Reload(ctx); err != nil {
				a.log.Error("reload municipality settings", "err", err)
			}
		}},
	}
	for i := range subs {
		subs[i].channel = a.Store.Channel(subs[i].channel) // a tenant's channels carry its id
	}
	return subs
}

// reloadSettings reads the municipality's settings and channels again, after the listener was away.
func (a *App) reloadSettings(ctx context.Context) error {
	if err := a.Municipality.Reload(ctx); err != nil {
		return err
	}
	return a.Channels.Reload(ctx)
}

// articleChanged runs the article-change hooks (search index, article cache) for an article changed through
// another instance; this instance ran them for its own changes when it committed them.
func (a *App) articleChanged(_ context.Context, payload string) {
	origin, id := store.OriginPayload(payload)
	if origin == a.Store.Origin() || id == "" {
		return
	}
	a.Store.ArticleChangedElsewhere(id)
}

// followOtherInstances LISTENs on every subscription of this App over one connection of its own.
func (a *App) followOtherInstances(ctx context.Context) {
	follow(ctx, a.Store.DSN(), a.subscriptions(), a.log, a.goWorker)
}

// follow LISTENs on subs over one connection to the database at dsn and hands each notification to its
// subscription; it reconnects after errors. A deployment follows all its tenants over one connection.
func follow(ctx context.Context, dsn string, subs []subscription, log *slog.Logger, goWorker func(func())) {
	queues := make(map[string]chan string, len(subs))
	for _, sub := range subs {
		// One worker per channel: a slow chat delivery does not hold up the search index, and the
		// notifications of one channel are handled in commit order.
		q := make(chan string, 1024)
		queues[sub.channel] = q
		goWorker(func() { handleNotices(ctx, sub, q) })
	}
	for ctx.Err() == nil {
		err := listenOnce(ctx, dsn, subs, queues)
		if ctx.Err() != nil {
			return
		}
		log.Warn("change listener stopped, reconnecting", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func handleNotices(ctx context.Context, sub subscription, q <-chan string) {
	for {
		select {
		case <-ctx.Done():
			return
		case payload := <-q:
			sub.notice(ctx, payload)
		}
	}
}

func listenOnce(ctx context.Context, dsn string, subs []subscription, queues map[string]chan string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, sub := range subs {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{sub.channel}.Sanitize()); err != nil {
			return err
		}
	}
	// Changes committed while this instance was not listening are caught by a resync.
	for _, sub := range subs {
		if sub.resync == nil {
			continue
		}
		if err := sub.resync(ctx); err != nil {
			return err
		}
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		select {
		case queues[n.Channel] <- n.Payload:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// reloadSearch rebuilds the search index from the published articles with the current synonym list.
func (a *App) reloadSearch(ctx context.Context) error {
	syn, err := a.loadSynonyms(ctx)
	if err != nil {
		return err
	}
	articles, err := a.Store.ListArticles(ctx, store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	if err := a.Search.ReplaceSynonyms(syn, shareTexts(articles)); err != nil {
		return err
	}
	a.Store.ArticleChangedElsewhere("") // notifications may have been lost: caches start over
	return nil
}
