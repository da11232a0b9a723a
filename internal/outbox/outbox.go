// Package outbox delivers durable outbound messages: rows a transaction queued beside the change they
// report, claimed under a lease, sent by a channel's Sender, and retried with exponential back-off. Every
// channel (e-mail, WhatsApp) plugs its sender into the same Worker; the SQL lives in the store behind Queue.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Job is one claimed outbox row: its id, the attempts made before this one, and what to send.
type Job[T any] struct {
	ID       int64
	Attempts int
	Item     T
}

// Queue is the storage a Worker needs; the store implements it once per channel.
type Queue[T any] interface {
	// Claim takes up to limit due jobs and hides them from other workers until now+lease.
	Claim(ctx context.Context, limit int, lease time.Duration) ([]Job[T], error)
	// Sent records a delivered job with the provider's reference for it (a wamid; "" for e-mail).
	Sent(ctx context.Context, job Job[T], ref string) error
	// Failed records a failed attempt; a zero retryAt gives the job up.
	Failed(ctx context.Context, id int64, cause string, retryAt time.Time) error
	// Release hands claimed jobs back unsent, due at once and without counting an attempt.
	Release(ctx context.Context, ids []int64) error
}

// Sender delivers one item through a channel and returns the provider's reference for it. An error
// wrapping ErrPermanent is a refusal that retrying will not fix.
type Sender[T any] interface {
	Send(ctx context.Context, item T) (ref string, err error)
}

// ErrPermanent marks a refusal that retrying will not fix (an SMTP 5xx, a Graph API 4xx).
var ErrPermanent = errors.New("permanent refusal")

// Permanent wraps err as a permanent refusal.
func Permanent(err error) error { return fmt.Errorf("%w: %w", ErrPermanent, err) }

// Defaults of a Worker.
const (
	DefaultBatch       = 50
	DefaultLease       = 5 * time.Minute
	DefaultSendTimeout = time.Minute
	DefaultMaxAttempts = 12
	recordTimeout      = 10 * time.Second
)

// Worker sends due jobs of one channel until its context ends.
type Worker[T any] struct {
	Name        string // channel name in the log: "email", "whatsapp"
	Queue       Queue[T]
	Sender      Sender[T]
	Log         *slog.Logger
	Clock       func() time.Time // time.Now when nil
	Poll        time.Duration    // how often the queue is read; 2 s when zero
	Batch       int              // jobs claimed at once; DefaultBatch when zero
	Lease       time.Duration    // how long a claim hides a job; DefaultLease when zero
	SendTimeout time.Duration    // bound of one send (dial, commands, data); DefaultSendTimeout, and always under Lease
	MaxAttempts int              // a job is given up after this many failures; DefaultMaxAttempts when zero
}

// Backoff is the wait after the n-th failed attempt: 30 s doubling each time, at most 6 hours.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// RetryAt is when a job that failed after attempts earlier attempts is tried again (now + Backoff); zero
// gives it up: the refusal was permanent or maxAttempts is reached.
func RetryAt(now time.Time, attempts, maxAttempts int, permanent bool) time.Time {
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	if permanent || attempts+1 >= maxAttempts {
		return time.Time{}
	}
	return now.Add(Backoff(attempts + 1))
}

// Run sends due jobs until ctx ends. Once ctx ends no new job is claimed; a send under way finishes
// (bounded by SendTimeout) and its result is recorded.
func (w *Worker[T]) Run(ctx context.Context) {
	poll := w.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := w.SendDue(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("outbox", "channel", w.Name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue claims the due jobs and sends them one by one, returning how many were delivered. When ctx
// ends between two sends, the jobs not yet tried are released at once instead of waiting out the lease.
func (w *Worker[T]) SendDue(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, nil
	}
	lease := w.lease()
	jobs, err := w.Queue.Claim(ctx, orDefault(w.Batch, DefaultBatch), lease)
	if err != nil {
		return 0, err
	}
	sent := 0
	for i, job := range jobs {
		if ctx.Err() != nil {
			return sent, w.release(jobs[i:])
		}
		ok, err := w.sendOne(ctx, job)
		if ok {
			sent++
		}
		if err != nil {
			return sent, errors.Join(err, w.release(jobs[i+1:]))
		}
	}
	return sent, nil
}

// sendOne sends one job and records the result. The send is not cut off by shutdown (only by
// SendTimeout), and the result is recorded with a context that survives it: a mail that went out is
// never recorded as still queued.
func (w *Worker[T]) sendOne(ctx context.Context, job Job[T]) (bool, error) {
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.sendTimeout())
	ref, sendErr := w.Sender.Send(sendCtx, job.Item)
	cancel()
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if sendErr == nil {
		return true, w.Queue.Sent(rec, job, ref)
	}
	w.Log.Warn("outbox send", "channel", w.Name, "outbox", job.ID, "attempt", job.Attempts+1, "err", sendErr)
	retry := RetryAt(w.now(), job.Attempts, w.MaxAttempts, errors.Is(sendErr, ErrPermanent))
	return false, w.Queue.Failed(rec, job.ID, sendErr.Error(), retry)
}

func (w *Worker[T]) release(jobs []Job[T]) error {
	if len(jobs) == 0 {
		return nil
	}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	return w.Queue.Release(ctx, ids)
}

func (w *Worker[T]) lease() time.Duration { return orDefault(w.Lease, DefaultLease) }

// sendTimeout is SendTimeout, kept under half the lease so a slow send can never outlive its claim.
func (w *Worker[T]) sendTimeout() time.Duration {
	return min(orDefault(w.SendTimeout, DefaultSendTimeout), w.lease()/2)
}

func (w *Worker[T]) now() time.Time {
	if w.Clock != nil {
		return w.Clock()
	}
	return time.Now()
}

func orDefault[N int | time.Duration](v, def N) N {
	if v <= 0 {
		return def
	}
	return v
}
