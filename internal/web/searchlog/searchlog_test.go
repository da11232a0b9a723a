package searchlog

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestLoggerStoresEverySearch: searches are written in batches off the request path, each with a
// fresh id, and Flush and Close leave nothing behind.
func TestLoggerStoresEverySearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		since := time.Now().Add(-time.Minute)
		l := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		ids := map[string]bool{}
		for i := range 300 { // more than one batch of 256
			id := l.Record("paspoort", i%3, i%2 == 0)
			if !ValidID(id) || ids[id] {
				t.Fatalf("search id %q is not a fresh 24-digit hex id", id)
			}
			ids[id] = true
		}
		if err := l.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		st, err := s.SearchStatsSince(ctx, since)
		if err != nil || st.Searches != 300 || st.WithoutResults != 100 || st.Answered != 150 {
			t.Fatalf("after Flush: %+v %v, want 300 searches, 100 without results, 150 answered", st, err)
		}
		l.Record("grofvuil", 0, false)
		l.Close()
		if st, err := s.SearchStatsSince(ctx, since); err != nil || st.Searches != 301 {
			t.Fatalf("after Close: %+v %v, want 301", st, err)
		}
		if l.Dropped() != 0 {
			t.Fatalf("%d searches dropped", l.Dropped())
		}
	})
}

// BenchmarkLoggerRecord is what logging costs the search itself: a channel send (it never waits on
// the database; in this flood most entries take the drop path, which costs about the same).
func BenchmarkLoggerRecord(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	l := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer l.Close()
	b.ReportAllocs()
	for b.Loop() {
		l.Record("parkeervergunning aanvragen", 4, true)
	}
}

// BenchmarkLoggerWrite is the whole pipeline: searches recorded and written to SQLite in batches,
// flushed often enough that none is dropped.
func BenchmarkLoggerWrite(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	l := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer l.Close()
	ctx := context.Background()
	n := 0
	for b.Loop() {
		l.Record("parkeervergunning aanvragen", 4, true)
		if n++; n%4096 == 0 {
			if err := l.Flush(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := l.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	if l.Dropped() > 0 {
		b.Fatalf("%d searches dropped", l.Dropped())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
}
