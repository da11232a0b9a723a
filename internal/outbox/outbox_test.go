package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"loket/internal/outbox"
)

func TestBackoffAndRetryAt(t *testing.T) {
	// 30 s doubling: 30 s, 1 m, 2 m, 4 m, ... 4 h 16 m (n=10), then capped at 6 h.
	want := map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 4: 4 * time.Minute,
		10: 256 * time.Minute, 11: 6 * time.Hour, 40: 6 * time.Hour}
	for n, d := range want {
		if got := outbox.Backoff(n); got != d {
			t.Errorf("Backoff(%d) = %s, want %s", n, got, d)
		}
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if got := outbox.RetryAt(now, 0, 12, false); !got.Equal(now.Add(30 * time.Second)) {
		t.Errorf("first failure retries at %s", got)
	}
	if !outbox.RetryAt(now, 11, 12, false).IsZero() {
		t.Error("the 12th failure must give the job up")
	}
	if !outbox.RetryAt(now, 0, 12, true).IsZero() {
		t.Error("a permanent refusal must give the job up")
	}
}

// memQueue is an outbox.Queue in memory that records what the worker did, and with which context.
type memQueue struct {
	mu       sync.Mutex
	jobs     []outbox.Job[string]
	claims   int
	sent     []int64
	failed   map[int64]time.Time
	released []int64
	ctxErrs  []error // ctx.Err() of every Sent/Failed call
}

func (q *memQueue) Claim(ctx context.Context, limit int, _ time.Duration) ([]outbox.Job[string], error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.claims++
	return q.jobs[:min(limit, len(q.jobs))], nil
}

func (q *memQueue) Sent(ctx context.Context, job outbox.Job[string], _ string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sent = append(q.sent, job.ID)
	q.ctxErrs = append(q.ctxErrs, ctx.Err())
	return nil
}

func (q *memQueue) Failed(ctx context.Context, id int64, _ string, retryAt time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.failed[id] = retryAt
	q.ctxErrs = append(q.ctxErrs, ctx.Err())
	return nil
}

func (q *memQueue) Release(_ context.Context, ids []int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.released = append(q.released, ids...)
	return nil
}

// senderFunc adapts a function to outbox.Sender.
type senderFunc func(ctx context.Context, item string) (string, error)

func (f senderFunc) Send(ctx context.Context, item string) (string, error) { return f(ctx, item) }

func newQueue(n int) *memQueue {
	q := &memQueue{failed: map[int64]time.Time{}}
	for i := range n {
		q.jobs = append(q.jobs, outbox.Job[string]{ID: int64(i + 1), Item: "mail"})
	}
	return q
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestShutdownDuringASend reproduces the SIGTERM duplicate: shutdown begins while the first of three
// claimed mails is being sent. That mail is recorded as sent with a live context; the other two are
// released at once (not left under the lease), and nothing new is claimed.
func TestShutdownDuringASend(t *testing.T) {
	q := newQueue(3)
	ctx, cancel := context.WithCancel(context.Background())
	w := &outbox.Worker[string]{Name: "test", Queue: q, Log: quiet, Sender: senderFunc(func(sctx context.Context, _ string) (string, error) {
		cancel() // SIGTERM arrives while the relay is receiving the data
		return "", sctx.Err()
	})}
	n, err := w.SendDue(ctx)
	if err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v; want the mail under way delivered", n, err)
	}
	if !slices.Equal(q.sent, []int64{1}) || len(q.failed) != 0 {
		t.Errorf("sent %v, failed %v; want job 1 sent", q.sent, q.failed)
	}
	if q.ctxErrs[0] != nil {
		t.Errorf("the result was recorded with a cancelled context: %v", q.ctxErrs[0])
	}
	if !slices.Equal(q.released, []int64{2, 3}) {
		t.Errorf("released %v, want the two mails not tried", q.released)
	}
	if n, _ := w.SendDue(ctx); n != 0 || q.claims != 1 {
		t.Errorf("after shutdown began: claimed %d times, sent %d; want no new claim", q.claims, n)
	}
}

func TestFailuresAreRetriedOrGivenUp(t *testing.T) {
	q := newQueue(2)
	q.jobs[1].Attempts = 3
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w := &outbox.Worker[string]{Name: "test", Queue: q, Log: quiet, Clock: func() time.Time { return now },
		Sender: senderFunc(func(_ context.Context, _ string) (string, error) { return "", errors.New("451 try later") })}
	w.SendDue(context.Background())
	// Job 1: first failure, 30 s. Job 2: fourth failure, Backoff(4) = 4 minutes.
	if !q.failed[1].Equal(now.Add(30*time.Second)) || !q.failed[2].Equal(now.Add(4*time.Minute)) {
		t.Errorf("retries %v", q.failed)
	}
	q = newQueue(1)
	w.Queue = q
	w.Sender = senderFunc(func(_ context.Context, _ string) (string, error) {
		return "", outbox.Permanent(errors.New("550 no such user"))
	})
	w.SendDue(context.Background())
	if at, ok := q.failed[1]; !ok || !at.IsZero() {
		t.Errorf("a permanent refusal was not given up: %v", q.failed)
	}
}

// TestSendTimeoutIsShorterThanTheLease: a send that hangs is cut off well before its claim runs out,
// so another instance never takes the same mail while this one is still sending it.
func TestSendTimeoutIsShorterThanTheLease(t *testing.T) {
	q := newQueue(1)
	var deadline time.Time
	w := &outbox.Worker[string]{Name: "test", Queue: q, Log: quiet, Lease: time.Minute, SendTimeout: time.Hour,
		Sender: senderFunc(func(ctx context.Context, _ string) (string, error) {
			deadline, _ = ctx.Deadline()
			return "", nil
		})}
	start := time.Now()
	w.SendDue(context.Background())
	if left := deadline.Sub(start); left <= 0 || left > 31*time.Second {
		t.Errorf("send deadline %s after the claim, want at most half the 1-minute lease", left)
	}
}
