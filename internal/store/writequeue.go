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
	s *Store
	// conn is the one connection every group is written on. Its page cache stays valid from one group to
	// the next (no other connection writes), so the pages a group changes are not read again from the WAL
	// by whichever connection of the pool the next group would have had; its statements are prepared once.
	conn *sql.Conn
	// syncWAL, when set, makes the committed groups durable: the writing connection commits with
	// synchronous=NORMAL (the WAL written, not yet fsync'd) and goes on with the next group while the
	// syncer fsyncs the WAL and only then answers the callers, so the fsync of one group overlaps the
	// work of the next. Nil: SQLite fsyncs in every commit (synchronous=FULL) and callers are answered then.
	// A reader may see a group in the moment between its commit and the fsync; what acts outside on what
	// it read (the outbox sending a mail) first writes its claim through this queue, and that answer waits
	// for an fsync that covers the group too.
	syncWAL    func() error
	releaseWAL func()
	synced     chan []*writeReq // committed groups waiting for the fsync
	syncerDone chan struct{}
	reqs       chan *writeReq
	mu         sync.RWMutex // held for reading while submitting, for writing by close
	closed     bool
	stopped    chan struct{}

	groups, writes atomic.Int64 // committed groups and the transactions in them, for benchmarks
	busy           atomic.Int64 // nanoseconds spent running and committing groups, for benchmarks
}

type writeReq struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
}

// writerCacheKiB is the page cache of the writing connection: the pages a group commit touches (the
// upper levels of every index B-tree intake writes and their recent leaves) stay in it, where the pool's
// connections keep SQLite's 2 MiB. Kept small, since a deployment with many municipalities on SQLite has
// a writing connection per municipality.
const writerCacheKiB = 8 << 10

func startWriteQueue(ctx context.Context, s *Store) (*writeQueue, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("writing connection: %w", err)
	}
	q := &writeQueue{s: s, conn: conn, reqs: make(chan *writeReq, 1024), stopped: make(chan struct{})}
	pragmas := []string{fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB)}
	if q.syncWAL, q.releaseWAL = s.walSyncer(); q.syncWAL != nil {
		// Safe in WAL mode: a commit is written to the WAL in order, and the fsync that follows it (the
		// syncer's, or SQLite's own before a checkpoint copies the WAL into the database) makes it durable
		// with everything before it. Nobody is answered before that fsync.
		pragmas = append(pragmas, "PRAGMA synchronous = NORMAL")
	}
	for _, p := range pragmas {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			conn.Close()
			if q.releaseWAL != nil {
				q.releaseWAL()
			}
			return nil, fmt.Errorf("writing connection: %w", err)
		}
	}
	if q.syncWAL != nil {
		q.synced, q.syncerDone = make(chan []*writeReq, 64), make(chan struct{})
		go q.syncer()
	}
	go q.run()
	return q, nil
}

// durable answers the callers of a committed group: at once when the commit fsync'd the WAL itself, else
// once the syncer has.
func (q *writeQueue) durable(group []*writeReq) {
	if q.synced == nil {
		finish(group, nil)
		return
	}
	q.synced <- group
}

// syncer fsyncs the WAL for the committed groups and answers their callers. Groups committed while one
// fsync runs share the next one.
func (q *writeQueue) syncer() {
	defer close(q.syncerDone)
	for group := range q.synced {
		groups := [][]*writeReq{group}
	more:
		for {
			select {
			case g, ok := <-q.synced:
				if !ok {
					break more
				}
				groups = append(groups, g)
			default:
				break more
			}
		}
		err := q.syncWAL()
		if err != nil {
			err = fmt.Errorf("commit not made durable: %w", err)
		}
		for _, g := range groups {
			finish(g, err)
		}
	}
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
// target to what still comes. The group's work runs as it arrives, so the writer waits only for what
// has not come yet, not for the whole group before it starts.
func (q *writeQueue) run() {
	defer close(q.stopped)
	defer q.conn.Close()
	defer func() {
		if q.synced != nil {
			close(q.synced)
			<-q.syncerDone
			q.releaseWAL()
		}
	}()
	g := &gathering{target: 1, timer: time.NewTimer(time.Hour)}
	g.timer.Stop()
	for first := range q.reqs {
		waiting := false
		again, n := q.commitPlain(first, func(n int) (*writeReq, bool) { return g.next(q, n, &waiting) })
		g.timer.Stop() // Go 1.23 timers: no stale tick is left in the channel after Stop
		g.target = n
		q.retry(again)
	}
}

// retry runs again what a failed group held, each in a savepoint of its own, until all are answered.
func (q *writeQueue) retry(again []*writeReq) {
	for len(again) > 0 {
		again = q.commitOnce(again)
	}
}

// gathering is what run carries from one group to the next: the size the next group waits for, and the
// timer that bounds the wait.
type gathering struct {
	target int
	timer  *time.Timer
}

// next is the next request of a group of n so far: one that waits already, or, while the group is smaller
// than the target, one that comes within gatherWait. ok is false when the group is complete.
func (g *gathering) next(q *writeQueue, n int, waiting *bool) (r *writeReq, ok bool) {
	if n >= maxGroup {
		return nil, false
	}
	select {
	case r, ok := <-q.reqs:
		return r, ok
	default:
	}
	if n >= g.target {
		return nil, false
	}
	if !*waiting {
		g.timer.Reset(gatherWait)
		*waiting = true
	}
	select {
	case r, ok := <-q.reqs:
		return r, ok
	case <-g.timer.C:
		*waiting = false
		return nil, false
	}
}

// commitPlain runs a group that starts with first in one transaction without savepoints, taking further
// requests from next as they come; n is how many it took. When a function fails, everything is rolled
// back; that caller gets its error and the ones that ran before it are returned to run again with
// savepoints (none of them was acknowledged); what had not come yet goes to the next group.
func (q *writeQueue) commitPlain(first *writeReq, next func(n int) (*writeReq, bool)) (again []*writeReq, n int) {
	ctx := context.Background()
	began, idle := time.Now(), time.Duration(0)
	defer func() { q.busy.Add(int64(time.Since(began) - idle)) }()
	sqlTx, err := q.conn.BeginTx(ctx, nil)
	if err != nil {
		finish([]*writeReq{first}, fmt.Errorf("begin transaction: %w", err))
		return nil, 1
	}
	tx := &Tx{tx: sqlTx, s: q.s, ctx: ctx, search: &searchBatch{}, refs: &referenceBatch{}}
	var ran []*writeReq
	for r, ok := first, true; ok; {
		n++
		if err := r.ctx.Err(); err != nil {
			r.done <- err // gave up before it started: nothing of it runs
		} else if err := r.fn(tx); err != nil {
			_ = sqlTx.Rollback()
			r.done <- err
			return ran, n
		} else {
			ran = append(ran, r)
		}
		wait := time.Now()
		r, ok = next(n)
		idle += time.Since(wait) // waiting for the next request is not the writer's work
	}
	q.groups.Add(1)
	q.writes.Add(int64(n))
	if err := errors.Join(tx.flushSearch(ctx), tx.flushReferences(ctx)); err != nil {
		// Not one caller's failure: all of them run again, each in its own savepoint, writing directly.
		_ = sqlTx.Rollback()
		return ran, n
	}
	if err := sqlTx.Commit(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		finish(ran, fmt.Errorf("commit: %w", err))
		return nil, n
	}
	q.durable(ran)
	return nil, n
}

// commitOnce runs the group in one transaction, each function in a savepoint of its own.
func (q *writeQueue) commitOnce(group []*writeReq) (again []*writeReq) {
	ctx := context.Background()
	sqlTx, err := q.conn.BeginTx(ctx, nil)
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
	q.durable(ok)
	return nil
}

func finish(group []*writeReq, err error) {
	for _, r := range group {
		r.done <- err
	}
}
