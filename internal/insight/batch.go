package insight

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Batcher collects values off the request path and hands them to a flush function in batches: when a
// batch is full, every interval, and on Close. Adding costs a channel send, never a database write; when
// the buffer is full the value is dropped and counted rather than slowing the caller.
type Batcher[T any] struct {
	flush    func(ctx context.Context, batch []T) error
	log      *slog.Logger
	name     string
	in       chan T
	size     int
	interval time.Duration
	flushes  chan chan struct{}
	done     chan struct{}
	once     sync.Once
	dropped  atomic.Int64
}

// NewBatcher starts the background writer; name appears in log lines.
func NewBatcher[T any](name string, buffer, batchSize int, interval time.Duration, log *slog.Logger,
	flush func(ctx context.Context, batch []T) error) *Batcher[T] {
	b := &Batcher[T]{flush: flush, log: log, name: name, in: make(chan T, buffer), size: batchSize,
		interval: interval, flushes: make(chan chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

// Add queues one value and reports whether it was accepted.
func (b *Batcher[T]) Add(v T) bool {
	select {
	case b.in <- v:
		return true
	default:
		if b.dropped.Add(1)%1000 == 1 {
			b.log.Warn(b.name+" buffer full, values dropped", "dropped", b.dropped.Load())
		}
		return false
	}
}

// AddWait queues one value, waiting while the buffer is full, for callers that must not drop anything
// (bulk imports, benchmarks); it fails only when ctx ends.
func (b *Batcher[T]) AddWait(ctx context.Context, v T) error {
	select {
	case b.in <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Dropped counts the values refused because the buffer was full.
func (b *Batcher[T]) Dropped() int64 { return b.dropped.Load() }

// Flush writes what was queued before the call and returns when it is written (or ctx ends), for tests
// and for callers that must see their values stored; it must not be called after Close.
func (b *Batcher[T]) Flush(ctx context.Context) error {
	reply := make(chan struct{})
	select {
	case b.flushes <- reply:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-reply:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close writes what is queued and stops the writer; Add must not be called afterwards.
func (b *Batcher[T]) Close() {
	b.once.Do(func() { close(b.in) })
	<-b.done
}

func (b *Batcher[T]) run() {
	defer close(b.done)
	batch := make([]T, 0, b.size)
	tick := time.NewTicker(b.interval)
	defer tick.Stop()
	write := func() {
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := b.flush(ctx, batch); err != nil {
			b.log.Error("write "+b.name, "err", err, "values", len(batch))
		}
		batch = batch[:0]
	}
	for {
		select {
		case v, ok := <-b.in:
			if !ok {
				write()
				return
			}
			batch = append(batch, v)
			if len(batch) == b.size {
				write()
			}
		case <-tick.C:
			write()
		case reply := <-b.flushes:
			b.drain(&batch, write)
			write()
			close(reply)
		}
	}
}

// drain moves what is buffered into the batch, writing full batches on the way.
func (b *Batcher[T]) drain(batch *[]T, write func()) {
	for {
		select {
		case v, ok := <-b.in:
			if !ok {
				return
			}
			*batch = append(*batch, v)
			if len(*batch) == b.size {
				write()
			}
		default:
			return
		}
	}
}
