package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"loket/internal/store"
)

// SearchLogger writes searches to the store in batches, off the request path: a search costs a channel send,
// not a database write. When the buffer is full an entry is dropped and counted rather than slowing search.
type SearchLogger struct {
	store   *store.Store
	log     *slog.Logger
	entries chan store.SearchLogEntry
	done    chan struct{}
	once    sync.Once
}

// NewSearchLogger starts the background writer; Close flushes it.
func NewSearchLogger(s *store.Store, log *slog.Logger) *SearchLogger {
	l := &SearchLogger{store: s, log: log, entries: make(chan store.SearchLogEntry, 8192), done: make(chan struct{})}
	go l.run()
	return l
}

// Record queues one search and returns its id, used to record the click on a result.
func (l *SearchLogger) Record(query string, results int, answered bool) string {
	id := newSearchID()
	select {
	case l.entries <- store.SearchLogEntry{ID: id, Query: query, Results: results, Answered: answered, At: time.Now()}:
	default:
		l.log.Warn("search log buffer full, entry dropped")
	}
	return id
}

// Close writes what is queued and stops the writer.
func (l *SearchLogger) Close() {
	l.once.Do(func() { close(l.entries) })
	<-l.done
}

func (l *SearchLogger) run() {
	defer close(l.done)
	batch := make([]store.SearchLogEntry, 0, 256)
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	flush := func() {
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := l.store.AddSearchLogs(ctx, batch); err != nil {
			l.log.Error("write search log", "err", err, "entries", len(batch))
		}
		batch = batch[:0]
	}
	for {
		select {
		case e, ok := <-l.entries:
			if !ok {
				flush()
				return
			}
			batch = append(batch, e)
			if len(batch) == cap(batch) {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

func newSearchID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}
