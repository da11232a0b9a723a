package insight

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// sink collects the batches a Batcher writes.
type sink struct {
	mu      sync.Mutex
	batches [][]int
	block   chan struct{} // when set, flush waits on it
}

func (s *sink) flush(_ context.Context, batch []int) error {
	if s.block != nil {
		<-s.block
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, append([]int(nil), batch...))
	return nil
}

func (s *sink) count() (batches, values int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		values += len(b)
	}
	return len(s.batches), values
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestBatcherWritesFullBatchesFlushesAndCloses(t *testing.T) {
	s := &sink{}
	b := NewBatcher("test", 100, 10, time.Hour, quiet, s.flush)
	for i := range 25 {
		b.Add(i)
	}
	if err := b.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if batches, values := s.count(); batches != 3 || values != 25 {
		t.Fatalf("after Flush: %d batches with %d values, want 3 (10, 10, 5) with 25", batches, values)
	}
	b.Add(99)
	b.Close()
	if _, values := s.count(); values != 26 {
		t.Fatalf("after Close: %d values written, want 26", values)
	}
}

func TestBatcherWritesOnItsInterval(t *testing.T) {
	s := &sink{}
	b := NewBatcher("test", 100, 1000, 20*time.Millisecond, quiet, s.flush)
	defer b.Close()
	b.Add(1)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, values := s.count(); values == 1 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("a value was not written within 5 s although the interval is 20 ms")
}

func TestBatcherDropsAndCountsWhenFullInsteadOfBlocking(t *testing.T) {
	s := &sink{block: make(chan struct{})}
	b := NewBatcher("test", 2, 1, time.Hour, quiet, s.flush)
	start := time.Now()
	accepted := 0
	for i := range 10 {
		if b.Add(i) {
			accepted++
		}
	}
	if time.Since(start) > time.Second {
		t.Fatal("Add blocked while the writer was stuck")
	}
	if b.Dropped() == 0 || int64(accepted)+b.Dropped() != 10 {
		t.Fatalf("accepted %d, dropped %d of 10", accepted, b.Dropped())
	}
	close(s.block)
	b.Close()
	if _, values := s.count(); values != accepted {
		t.Fatalf("%d values written, want the %d accepted", values, accepted)
	}
}
