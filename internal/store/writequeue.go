package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned for a write that arrives after the store began to close.
var ErrClosed = errors.New("store: closed")

// maxGroup bounds how many transactions share one commit, so that one commit's latency stays small.
const maxGroup = 128

// writeQueue is SQLite's group commit. SQLite has one writer at a time and, with synchronous=FULL, an fsync
// per commit; waiting writers would sleep in its busy handler. Instead every write transaction is handed to
// one goroutine that runs what is waiting one after another in one shared transaction and commits them
// with one fsync. Every caller returns only after the commit that holds its work is durable.
//
// A group first runs without savepoints: a savepoint per transaction costs a copy of every page it first
// touches and makes the inbox's full-text index flush a segment per message. When a function in such a
// group fails, the whole group is rolled back, the failing caller gets its error, and the others run again
// (none of them was acknowledged yet), this time each inside a savepoint of its own, so that a second
// failure is rolled back alone and the others are unaffected.
type writeQueue struct {
	s       *Store
	reqs    chan *writeReq
	mu      sync.RWMutex // held for reading while submitting, for writing by close
	closed  bool
	stopped chan struct{}

	groups, writes atomic.Int64 // committed groups and the transactions in them, for benchmarks
}

type writeReq struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
}

func startWriteQueue(s *Store) *writeQueue {
	q := &writeQueue{s: s, reqs: make(chan *writeReq, 1024), stopped: make(chan struct{})}
	go q.run()
	return q
}

// do runs fn in the next group commit and returns fn's error or the commit's.
func (q *writeQueue) do(ctx context.Context, fn func(tx *Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	q.mu.RLock()
	if q.closed {
		q.mu.RUnlock()
		return ErrClosed
	}
	select {
	case q.reqs <- r:
	case <-ctx.Done():
		q.mu.RUnlock()
		return ctx.Err()
	}
	q.mu.RUnlock()
	// Once queued, the outcome is waited for even if ctx ends: the caller must not report a failure for
	// work that is then committed.
	return <-r.done
}

// close lets the queued work finish and stops the queue.
func (q *writeQueue) close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.reqs)
	}
	q.mu.Unlock()
	<-q.stopped
}

// gatherWait bounds how long a group waits for the writers of the previous group to come back.
const gatherWait = time.Millisecond

// run commits what waits, group by group. Writers released by one commit usually come back at once with
// their next write; under load they are not all scheduled before the queue looks again, and groups would
// shrink to one or two. So a group waits (at most gatherWait) until it is as large as the previous one:
// with steady writers every group holds all of them, and when writers go away one short wait lowers the
// target to what still comes.
func (q *writeQueue) run() {
	defer close(q.stopped)
	target := 1
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for first := range q.reqs {
		group := []*writeReq{first}
		waiting := false
	gather:
		for len(group) < maxGroup {
			select {
			case r, ok := <-q.reqs:
				if !ok {
					break gather
				}
				group = append(group, r)
				continue
			default:
			}
			if len(group) >= target {
				break
			}
			if !waiting {
				timer.Reset(gatherWait)
				waiting = true
			}
			select {
			case r, ok := <-q.reqs:
				if !ok {
					break gather
				}
				group = append(group, r)
			case <-timer.C:
				waiting = false
				break gather
			}
		}
		if waiting && !timer.Stop() {
			<-timer.C
		}
		target = len(group)
		q.groups.Add(1)
		q.writes.Add(int64(len(group)))
		q.commit(group)
	}
}

// commit runs a group in one transaction. When the transaction itself is lost (a failure SQLite answers
// by rolling back everything), the failed request gets its error and the rest run again in a new group:
// none of them was acknowledged yet.
func (q *writeQueue) commit(group []*writeReq) {
	group = q.commitPlain(group)
	for len(group) > 0 {
		group = q.commitOnce(group)
	}
}

// commitPlain runs the group in one transaction without savepoints. When a function fails, everything is
// rolled back; that caller gets its error and the rest is returned to run again with savepoints.
func (q *writeQueue) commitPlain(group []*writeReq) (again []*writeReq) {
	ctx := context.Background()
	sqlTx, err := q.s.db.BeginTx(ctx, nil)
	if err != nil {
		finish(group, fmt.Errorf("begin transaction: %w", err))
		return nil
	}
	tx := &Tx{tx: sqlTx, s: q.s, ctx: ctx, search: &searchBatch{}, refs: &referenceBatch{}}
	ran := group[:0:0]
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.done <- err // gave up before it started: nothing of it runs
			continue
		}
		if err := r.fn(tx); err != nil {
			_ = sqlTx.Rollback()
			r.done <- err
			return append(ran, group[i+1:]...)
		}
		ran = append(ran, r)
	}
	if err := errors.Join(tx.flushSearch(ctx), tx.flushReferences(ctx)); err != nil {
		// Not one caller's failure: all of them run again, each in its own savepoint, writing directly.
		_ = sqlTx.Rollback()
		return ran
	}
	if err := sqlTx.Commit(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		finish(ran, fmt.Errorf("commit: %w", err))
		return nil
	}
	finish(ran, nil)
	return nil
}

// commitOnce runs the group in one transaction, each function in a savepoint of its own.
func (q *writeQueue) commitOnce(group []*writeReq) (again []*writeReq) {
	ctx := context.Background()
	sqlTx, err := q.s.db.BeginTx(ctx, nil)
	if err != nil {
		finish(group, fmt.Errorf("begin transaction: %w", err))
		return nil
	}
	tx := &Tx{tx: sqlTx, s: q.s, ctx: ctx}
	var ok []*writeReq
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.done <- err // gave up before it started: nothing of it runs
			continue
		}
		if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT queued"); err != nil {
			_ = sqlTx.Rollback()
			r.done <- fmt.Errorf("savepoint: %w", err)
			return append(ok, group[i+1:]...)
		}
		fnErr := r.fn(tx)
		if fnErr == nil {
			if _, err := sqlTx.ExecContext(ctx, "RELEASE queued"); err != nil {
				_ = sqlTx.Rollback()
				r.done <- fmt.Errorf("release savepoint: %w", err)
				return append(ok, group[i+1:]...)
			}
			ok = append(ok, r)
			continue
		}
		if _, err := sqlTx.ExecContext(ctx, "ROLLBACK TO queued"); err != nil {
			_ = sqlTx.Rollback()
			r.done <- fnErr
			return append(ok, group[i+1:]...)
		}
		if _, err := sqlTx.ExecContext(ctx, "RELEASE queued"); err != nil {
			_ = sqlTx.Rollback()
			r.done <- fnErr
			return append(ok, group[i+1:]...)
		}
		r.done <- fnErr
	}
	if err := sqlTx.Commit(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		finish(ok, fmt.Errorf("commit: %w", err))
		return nil
	}
	finish(ok, nil)
	return nil
}

func finish(group []*writeReq, err error) {
	for _, r := range group {
		r.done <- err
	}
}
