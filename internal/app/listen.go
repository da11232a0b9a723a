package app

import (
	"context"
	"log/slog"
	"strings"
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

// followedChannels are the channels of subscriptions, by their names on a single installation.
var followedChannels = []string{store.ArticleChannel, store.SynonymsChannel, store.ChatChannel, store.CatalogChannel, store.SettingsChannel}

// subscriptions are the channels every instance follows, so that its in-memory state (search index,
// synonym list, chat connections) keeps in step with changes committed through other instances.
func (a *App) subscriptions() []subscription {
	subs := []subscription{
		{channel: store.ArticleChannel, resync: a.reloadSearch, notice: a.articleChanged},
		{channel: store.SynonymsChannel, notice: a.synonymsSaved}, // reloadSearch above covers the resync
		{channel: store.ChatChannel, resync: a.Chat.Resync, notice: a.Chat.Notice},
		{channel: store.CatalogChannel, resync: a.catalogResync, notice: a.catalogChanged},
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

// catalogChanged drops the cached product-page links after a change through another instance.
func (a *App) catalogChanged(_ context.Context, payload string) {
	if origin, _ := store.OriginPayload(payload); origin != a.Store.Origin() {
		a.Store.CatalogChangedElsewhere()
	}
}

// catalogResync drops them after notifications may have been missed.
func (a *App) catalogResync(context.Context) error {
	a.Store.CatalogChangedElsewhere()
	return nil
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

// followOtherInstances LISTENs on every subscription of this App over one connection of its own: the one
// listenEarly opened before the App built its state, when it could.
func (a *App) followOtherInstances(ctx context.Context) {
	early := a.early
	a.early = nil
	follow(ctx, a.Store.DSN(), a.subscriptions(), a.log, a.goWorker, early)
}

// listenEarly starts listening on this App's channels before it reads its settings and builds its search
// index, so that the listener needs no catch-up (a second build of everything) once the App runs.
func (a *App) listenEarly(ctx context.Context) {
	if a.Store.Dialect() != store.Postgres || a.sharedListener {
		return
	}
	channels := make([]string, len(followedChannels))
	for i, ch := range followedChannels {
		channels[i] = a.Store.Channel(ch)
	}
	a.early = listenEarly(ctx, a.Store.DSN(), channels, a.log)
}

// earlyListener is a LISTEN connection opened before the state it keeps in step was built. A change
// committed after it listened is delivered to it; one committed before is in the build. So its first
// round needs no resync for the channels it listened to; only a reconnect does.
type earlyListener struct {
	conn     *pgx.Conn
	channels map[string]bool
}

// listenEarly connects to dsn and LISTENs on channels; it returns nil (and the listener catches up by a
// resync as before) when that fails.
func listenEarly(ctx context.Context, dsn string, channels []string, log *slog.Logger) *earlyListener {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		log.Warn("change listener: not listening before start-up, it catches up once it runs", "err", err)
		return nil
	}
	l := &earlyListener{conn: conn, channels: map[string]bool{}}
	if err := listenAll(ctx, conn, channels); err != nil {
		log.Warn("change listener: not listening before start-up, it catches up once it runs", "err", err)
		l.close(ctx)
		return nil
	}
	for _, ch := range channels {
		l.channels[ch] = true
	}
	return l
}

// close ends an early listener that will not be followed (start-up failed).
func (l *earlyListener) close(ctx context.Context) {
	if l != nil {
		l.conn.Close(context.WithoutCancel(ctx))
	}
}

// listenAll LISTENs on channels in a few round trips: a deployment listens on hundreds of channels.
func listenAll(ctx context.Context, conn *pgx.Conn, channels []string) error {
	const perRoundTrip = 200
	for len(channels) > 0 {
		n := min(perRoundTrip, len(channels))
		var q strings.Builder
		for _, ch := range channels[:n] {
			q.WriteString("LISTEN " + pgx.Identifier{ch}.Sanitize() + ";")
		}
		if _, err := conn.Exec(ctx, q.String()); err != nil { // no arguments: one simple query
			return err
		}
		channels = channels[n:]
	}
	return nil
}

// follow LISTENs on subs over one connection to the database at dsn and hands each notification to its
// subscription; it reconnects after errors. A deployment follows all its tenants over one connection. It
// starts on early, when given: the connection that listened before the state was built.
func follow(ctx context.Context, dsn string, subs []subscription, log *slog.Logger, goWorker func(func()), early *earlyListener) {
	queues := make(map[string]chan string, len(subs))
	for _, sub := range subs {
		// One worker per channel: a slow chat delivery does not hold up the search index, and the
		// notifications of one channel are handled in commit order.
		q := make(chan string, 1024)
		queues[sub.channel] = q
		goWorker(func() { handleNotices(ctx, sub, q) })
	}
	for ctx.Err() == nil {
		err := listenOnce(ctx, dsn, subs, queues, early)
		early = nil // a reconnect catches up by a resync
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

func listenOnce(ctx context.Context, dsn string, subs []subscription, queues map[string]chan string, early *earlyListener) error {
	conn, listened := (*pgx.Conn)(nil), map[string]bool{}
	if early != nil {
		conn, listened = early.conn, early.channels
	} else {
		var err error
		if conn, err = pgx.Connect(ctx, dsn); err != nil {
			return err
		}
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var missed []subscription // not listened to while the state was built
	var channels []string
	for _, sub := range subs {
		if !listened[sub.channel] {
			missed = append(missed, sub)
			channels = append(channels, sub.channel)
		}
	}
	if err := listenAll(ctx, conn, channels); err != nil {
		return err
	}
	// Changes committed while this instance was not listening are caught by a resync.
	for _, sub := range missed {
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
		q, ok := queues[n.Channel]
		if !ok {
			continue // listened to early for a tenant that did not open
		}
		select {
		case q <- n.Payload:
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
	a.log.Info(searchCaughtUp, "articles", len(articles))
	return nil
}

// searchCaughtUp is logged when the change listener rebuilt the search index to catch up: after a
// reconnect, never right after start-up.
const searchCaughtUp = "search index built again: the change listener caught up"
