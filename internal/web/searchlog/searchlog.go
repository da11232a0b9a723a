// Package searchlog records the searches residents make, in batches off the request path, for search insight.
package searchlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"loket/internal/insight"
	"loket/internal/store"
)

// Logger writes searches to the store in batches, off the request path: a search costs a channel send,
// not a database write. When the buffer is full an entry is dropped and counted rather than slowing search.
type Logger struct {
	batch *insight.Batcher[store.SearchLogEntry]
	now   func() time.Time // the store's clock: a search is dated as the store dates everything else
}

// New starts the background writer; Close flushes it.
func New(s *store.Store, log *slog.Logger) *Logger {
	return &Logger{batch: insight.NewBatcher("search log", 2048, 256, 500*time.Millisecond, log, s.AddSearchLogs), now: s.Clock()}
}

// Record queues one search and returns its id, used to record a click on a result or a contact after it.
func (l *Logger) Record(query string, results int, answered bool) string {
	id := newSearchID()
	l.batch.Add(store.SearchLogEntry{ID: id, Query: query, Results: results, Answered: answered, At: l.now()})
	return id
}

// RecordAfter is Record for a search that reformulates an earlier one (previous, its id) on the same
// results page; learning from residents reads these pairs.
func (l *Logger) RecordAfter(query string, results int, answered bool, previous string) string {
	id := newSearchID()
	l.batch.Add(store.SearchLogEntry{ID: id, Query: query, Results: results, Answered: answered, At: l.now(), Previous: previous})
	return id
}

// Flush writes the searches recorded so far and returns when they are stored.
func (l *Logger) Flush(ctx context.Context) error { return l.batch.Flush(ctx) }

// Dropped counts the searches lost because the buffer was full.
func (l *Logger) Dropped() int64 { return l.batch.Dropped() }

// Close writes what is queued and stops the writer.
func (l *Logger) Close() { l.batch.Close() }

// newSearchID is a random 96-bit id in 24 hex digits; it says nothing about who searched.
func newSearchID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidID reports whether s has the shape of an id from newSearchID.
func ValidID(s string) bool {
	if len(s) != 24 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
