package store_test

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/outbox"
	"loket/internal/store"
	"loket/internal/store/powerloss"
	"loket/internal/store/storetest"
)

// TestNoAcknowledgedOutboxChangeLostAtPowerLoss cuts the power while an outbox worker sends the
// confirmations of concurrent intake through a sender that refuses part of the mails, temporarily or
// permanently, chosen per mail. The cut comes when a chosen number of acknowledgements (intakes and outbox
// state changes together) was noted, never after a sleep; the clock (read to the nanosecond, as time.Now
// is) moves 20 seconds before each round of the worker, so mails are retried, given up and leased again
// during the run. After the restart every state change acknowledged before the cut must hold: a sent mail stays sent and is never claimed again, a
// mail given up stays failed and is never claimed again, a mail that failed temporarily keeps its attempts
// and its next attempt time (a second claimer gets it at that time, not a microsecond before), and a claimed
// mail stays hidden from a second claimer until its lease ends and is claimable then, unless its outcome
// was written in the instant before the cut.
func TestNoAcknowledgedOutboxChangeLostAtPowerLoss(t *testing.T) {
	if err := powerloss.Register(); err != nil {
		t.Fatal(err)
	}
	rounds := 8
	if testing.Short() {
		rounds = 3
	}
	// The schema is made once, on the operating system's VFS: each round starts from a copy of it, which the
	// simulation counts as on the disk, and spends its time on the outbox rather than on the migrations.
	schema := filepath.Join(t.TempDir(), "loket.db")
	s, err := store.Open(context.Background(), schema)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(20, 13))
	var seen outboxTally
	for round := range rounds {
		// Every other pair of rounds counts only the claims, so that the cut falls with a batch under way.
		cut := outboxCut{acks: 50 + rng.IntN(250)}
		if round%4 >= 2 {
			cut = outboxCut{acks: 5 + rng.IntN(35), claimsOnly: true}
		}
		mode := powerloss.Mode(round % 2)
		t.Run(fmt.Sprintf("round%02d_%s_mode%d", round, cut, mode), func(t *testing.T) {
			seen.add(outboxPowerCut(t, schema, cut, mode, rng.Uint64()))
		})
	}
	// Without these the rounds would pass without testing what they claim to.
	if t.Failed() {
		return
	}
	for kind, n := range map[string]int{"sent": seen.sent, "failed temporarily": seen.retry,
		"failed permanently": seen.permanent, "given up after the last attempt": seen.exhausted,
		"claimed with its lease running at the cut": seen.leased} {
		if n == 0 {
			t.Errorf("no round acknowledged a mail %s before the cut", kind)
		}
	}
}

// Kinds of an acknowledged outbox state change.
const (
	ackClaimed = "claimed"
	ackSent    = "sent"
	ackRetry   = "failed temporarily"
	ackGivenUp = "given up"
)

// outboxAck is the last acknowledged state change of one mail: the attempts it counts after the change and
// when the mail is due again (the lease's end for a claim, the retry time for a temporary failure).
type outboxAck struct {
	kind      string
	attempts  int
	due       time.Time
	permanent bool // given up for a permanent refusal rather than after the last attempt
}

// outboxCut says when the power goes: after this many acknowledgements, or this many claims.
type outboxCut struct {
	acks       int
	claimsOnly bool
}

func (c outboxCut) String() string {
	if c.claimsOnly {
		return fmt.Sprintf("after%d_claims", c.acks)
	}
	return fmt.Sprintf("after%d_acks", c.acks)
}

func (a outboxAck) String() string {
	switch a.kind {
	case "":
		return "nothing"
	case ackClaimed, ackRetry:
		return fmt.Sprintf("%s after %d attempts, due at %s", a.kind, a.attempts, a.due.Format(time.RFC3339Nano))
	}
	return fmt.Sprintf("%s after %d attempts", a.kind, a.attempts)
}

// ackLog notes acknowledgements and cuts the power at the chosen one, under one lock, so that every note
// taken before the cut is of work whose commit returned before the disk was copied.
type ackLog struct {
	mu   sync.Mutex
	n    int // the acknowledgements counted for the cut
	all  int
	at   outboxCut
	cut  func()
	done bool
	last map[int64]outboxAck // by outbox id
}

// ackLimit cuts the power in a round that counts claims when the claims stop coming (a store that no
// longer claims anything), so that the round fails on what it finds instead of running forever.
const ackLimit = 5000

// note runs record and counts one acknowledgement (of a claim, or not); once the power is cut nothing is
// noted any more.
func (l *ackLog) note(claim bool, record func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return
	}
	record()
	if claim || !l.at.claimsOnly {
		l.n++
	}
	if l.all++; l.n == l.at.acks || l.all == ackLimit {
		l.done = true
		l.cut()
	}
}

// ackQueue is the e-mail outbox with a note of every state change whose commit was acknowledged.
type ackQueue struct {
	store.MailQueue
	log   *ackLog
	clock *storetest.Clock
}

func (q ackQueue) Claim(ctx context.Context, limit int, lease time.Duration) ([]outbox.Job[contact.OutMail], error) {
	jobs, err := q.MailQueue.Claim(ctx, limit, lease)
	if err != nil || len(jobs) == 0 {
		return jobs, err
	}
	// Only the worker moves the clock, between two claims: this is the time the store leased them at.
	until := q.clock.Now().UTC().Truncate(time.Microsecond).Add(lease)
	q.log.note(true, func() {
		for _, j := range jobs {
			q.log.last[j.ID] = outboxAck{kind: ackClaimed, attempts: j.Attempts, due: until}
		}
	})
	return jobs, nil
}

func (q ackQueue) Sent(ctx context.Context, job outbox.Job[contact.OutMail], ref string) error {
	err := q.MailQueue.Sent(ctx, job, ref)
	if err == nil {
		q.log.note(false, func() { q.log.last[job.ID] = outboxAck{kind: ackSent, attempts: job.Attempts + 1} })
	}
	return err
}

func (q ackQueue) Failed(ctx context.Context, id int64, cause string, retryAt time.Time) error {
	err := q.MailQueue.Failed(ctx, id, cause, retryAt)
	if err == nil {
		q.log.note(false, func() {
			// Due when the store's clock, which reads microseconds, reads retryAt.
			a := outboxAck{kind: ackRetry, attempts: q.log.last[id].attempts + 1, due: retryAt.UTC().Truncate(time.Microsecond)}
			if retryAt.IsZero() {
				a.kind, a.due, a.permanent = ackGivenUp, time.Time{}, strings.Contains(cause, permanentRefusal)
			}
			q.log.last[id] = a
		})
	}
	return err
}

// refusingSender fails part of the mails, chosen by a hash of the mail's Message-ID: a fifth permanently,
// a third temporarily for one to three attempts and then delivered, a tenth temporarily every time (given
// up after the worker's last attempt); the rest is delivered at once. Only the worker goroutine calls it.
type refusingSender struct{ tries map[string]int }

const permanentRefusal = "550 mailbox unavailable"

func (s refusingSender) Send(_ context.Context, m contact.OutMail) (string, error) {
	h := fnv.New32a()
	h.Write([]byte(m.MailID))
	fate := h.Sum32()
	s.tries[m.MailID]++
	switch fate % 10 {
	case 0, 1:
		return "", outbox.Permanent(errors.New(permanentRefusal))
	case 2, 3, 4:
		if s.tries[m.MailID] <= 1+int(fate/10%3) {
			return "", errors.New("421 try again later")
		}
	case 5:
		return "", errors.New("451 temporary local problem")
	}
	return "", nil
}

// outboxTally counts what one round acknowledged before the cut, to show the rounds exercise each change.
type outboxTally struct{ sent, retry, permanent, exhausted, leased int }

func (t *outboxTally) add(u outboxTally) {
	t.sent += u.sent
	t.retry += u.retry
	t.permanent += u.permanent
	t.exhausted += u.exhausted
	t.leased += u.leased
}

// outboxRow is an outbox row as found after the restart.
type outboxRow struct {
	state    string
	attempts int
	next     time.Time
}

const (
	outboxLease       = 2 * time.Minute
	outboxMaxAttempts = 4
	workerStep        = 20 * time.Second // the clock's move before each round of the worker
)

func outboxPowerCut(t *testing.T, schema string, at outboxCut, mode powerloss.Mode, seed uint64) outboxTally {
	ctx := context.Background()
	dir := t.TempDir()
	t.Cleanup(func() { powerloss.Forget(dir) })
	if err := copyDatabase(schema, filepath.Join(dir, "loket.db")); err != nil {
		t.Fatal(err)
	}
	clock := storetest.NewClock(time.Date(2026, 12, 8, 9, 0, 0, 123456789, time.UTC))
	s := openSimulated(t, dir, store.WithClock(clock.Now))
	svc := contact.NewService(contact.Options{Store: s, Settings: settings})

	after := filepath.Join(t.TempDir(), "after")
	crashed := make(chan struct{})
	var cutTime time.Time
	log := &ackLog{at: at, last: map[int64]outboxAck{}}
	log.cut = func() {
		cutTime = clock.Now().UTC()
		if err := powerloss.Crash(dir, after, mode, rand.New(rand.NewPCG(seed, 1))); err != nil {
			t.Error(err)
		}
		close(crashed)
	}

	// Intake goes on beside the worker, a few questions per round of the worker, so that the worker keeps
	// up and the cut finds mails in every state.
	permits := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-crashed:
					return
				case <-permits:
				}
				in := email(fmt.Sprintf("inwoner%d-%d@example.org", w, i), fmt.Sprintf("Vraag %d van %d", i, w),
					fmt.Sprintf("ow%d-%d@example.org", w, i), "")
				if _, err := svc.Intake(ctx, in); err != nil {
					t.Error(err)
					return
				}
				log.note(false, func() {})
			}
		})
	}
	worker := outbox.Worker[contact.OutMail]{Name: "email", Queue: ackQueue{s.MailQueue(), log, clock},
		Sender: refusingSender{map[string]int{}}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Clock: clock.Now, Batch: 8, Lease: outboxLease, MaxAttempts: outboxMaxAttempts}
	wg.Go(func() {
		for {
			select {
			case <-crashed:
				return
			default:
			}
			for range 3 {
				select {
				case permits <- struct{}{}:
				default:
				}
			}
			clock.Add(workerStep)
			if _, err := worker.SendDue(ctx); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if t.Failed() {
		return outboxTally{}
	}

	// The restart: the copy is opened on the operating system's own VFS, the clock standing where it stood
	// at the cut, and a second claimer asks for due mails as time goes on.
	clock.Set(cutTime)
	s = openAfterCut(t, after, store.WithClock(clock.Now))
	defer s.Close()
	rows := outboxRows(t, s)
	tally := checkAcknowledged(t, log.last, rows, cutTime)
	claimAsTimeGoesOn(t, s, clock, log.last, rows, cutTime)
	t.Logf("cut %s; %d outbox rows; acknowledged: %d sent, %d failed temporarily, "+
		"%d failed permanently, %d given up, %d leased past the cut", at, len(rows), tally.sent, tally.retry,
		tally.permanent, tally.exhausted, tally.leased)
	return tally
}

// copyDatabase copies a closed SQLite database with its WAL, if one was left.
func copyDatabase(from, to string) error {
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(from + suffix)
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(to+suffix, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func outboxRows(t *testing.T, s *store.Store) map[int64]outboxRow {
	t.Helper()
	rs, err := s.Query(context.Background(), `SELECT id, state, attempts, next_attempt_at FROM outbox WHERE channel = 'email'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	rows := map[int64]outboxRow{}
	for rs.Next() {
		var id int64
		var r outboxRow
		if err := rs.Scan(&id, &r.state, &r.attempts, &r.next); err != nil {
			t.Fatal(err)
		}
		r.next = r.next.UTC()
		rows[id] = r
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// checkAcknowledged compares each mail's row after the restart with its last acknowledged change. The row
// may be one step further (an outcome whose commit returned just before the cut, its note not yet taken),
// never behind.
func checkAcknowledged(t *testing.T, last map[int64]outboxAck, rows map[int64]outboxRow, cut time.Time) outboxTally {
	var tally outboxTally
	for id, a := range last {
		r, ok := rows[id]
		if !ok {
			t.Errorf("mail %d, acknowledged as %s, is missing after the power cut", id, a.kind)
			continue
		}
		var want string
		switch a.kind {
		case ackSent:
			tally.sent++
			if r.state != contact.DeliverySent || r.attempts != a.attempts {
				want = fmt.Sprintf("sent after %d attempts", a.attempts)
			}
		case ackGivenUp:
			switch {
			case a.permanent:
				tally.permanent++
			case a.attempts == outboxMaxAttempts:
				tally.exhausted++
			default:
				t.Errorf("mail %d, refused temporarily, was given up after %d attempts, not %d", id, a.attempts, outboxMaxAttempts)
			}
			if r.state != contact.DeliveryFailed || r.attempts != a.attempts {
				want = fmt.Sprintf("failed after %d attempts", a.attempts)
			}
		case ackRetry:
			tally.retry++
			// Claimed again before the cut (the retry time had come) but the claim not yet noted: leased later.
			leasedAgain := !a.due.After(cut) && r.next.After(a.due)
			if r.state != contact.DeliveryQueued || r.attempts != a.attempts || !(r.next.Equal(a.due) || leasedAgain) {
				want = fmt.Sprintf("queued after %d attempts, due at %s", a.attempts, a.due.Format(time.RFC3339Nano))
			}
		case ackClaimed:
			if a.due.After(cut) {
				tally.leased++
			}
			switch {
			case r.attempts == a.attempts+1: // its outcome was written just before the cut
			case r.state != contact.DeliveryQueued || r.attempts != a.attempts || !r.next.Equal(a.due):
				want = fmt.Sprintf("queued after %d attempts and leased until %s", a.attempts, a.due.Format(time.RFC3339Nano))
			}
		}
		if want != "" {
			t.Errorf("mail %d, acknowledged as %s (%s), is %s after %d attempts, due at %s, after the power cut",
				id, a.kind, want, r.state, r.attempts, r.next.Format(time.RFC3339Nano))
		}
	}
	return tally
}

// claimAsTimeGoesOn is a second claimer after the restart: at the time of the cut, then a microsecond
// before and at each time a queued mail falls due, it claims every due mail (under a lease longer than the
// test). Each queued row must be claimed exactly at its due time (at once when it was due at the cut), and
// a mail acknowledged as sent or failed permanently never.
func claimAsTimeGoesOn(t *testing.T, s *store.Store, clock *storetest.Clock, last map[int64]outboxAck, rows map[int64]outboxRow, cut time.Time) {
	ctx := context.Background()
	const checkerLease = 10 * 365 * 24 * time.Hour
	due := map[int64]time.Time{} // when each queued row may be claimed
	times := []time.Time{cut}
	for id, r := range rows {
		if r.state != contact.DeliveryQueued {
			continue
		}
		due[id] = r.next
		if r.next.After(cut) {
			times = append(times, r.next.Add(-time.Microsecond), r.next)
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	times = slices.CompactFunc(times, time.Time.Equal)
	times = append(times, cut.Add(365*24*time.Hour)) // far on: nothing is left to claim
	claimedAt := map[int64]time.Time{}
	for _, at := range times {
		if at.Before(cut) {
			continue
		}
		clock.Set(at)
		mails, err := s.ClaimOutbox(ctx, 100000, checkerLease)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mails {
			if _, twice := claimedAt[m.ID]; twice {
				t.Errorf("mail %d claimed at %s and again at %s, within the second claimer's lease", m.ID, claimedAt[m.ID], at)
			}
			claimedAt[m.ID] = at
			a := last[m.ID]
			switch {
			case a.kind == ackSent || a.kind == ackGivenUp:
				t.Errorf("mail %d, acknowledged as %s before the power cut, is claimed again at %s", m.ID, a.kind, at)
			case (a.kind == ackClaimed || a.kind == ackRetry) && rows[m.ID].attempts == a.attempts && at.Before(a.due):
				t.Errorf("mail %d, acknowledged as %s until %s, is claimed by a second claimer at %s", m.ID, a.kind, a.due, at)
			}
		}
	}
	for id, d := range due {
		want := d
		if d.Before(cut) {
			want = cut
		}
		if got, ok := claimedAt[id]; !ok {
			t.Errorf("queued mail %d (acknowledged: %s), due at %s, is never claimed", id, last[id], d)
		} else if !got.Equal(want) {
			t.Errorf("queued mail %d (acknowledged: %s), due at %s, is claimed at %s, want at %s", id, last[id], d, got, want)
		}
	}
}
