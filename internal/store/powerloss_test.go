package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/outbox"
	"loket/internal/store"
	"loket/internal/store/powerloss"
)

// TestNoAcknowledgedMessageLostAtPowerLoss cuts the power under concurrent intake many times, at moments
// chosen by counting acknowledgements (never by sleeping): eight writers send e-mails through
// contact.Service.Intake (new questions and replies that reopen a conversation) and an outbox worker sends
// the confirmations, while the database lives on the simulated disk of package powerloss. When the chosen
// number of messages was acknowledged, the acknowledgements so far are noted and the disk is copied as it
// would be after a power cut: every write no fsync followed is dropped, or (every other round) each such
// write is kept, dropped or torn at random. The copy is then opened as after a restart. Every acknowledged
// message must be there, in its conversation with its reference number; every mail acknowledged as sent
// must be recorded as sent and not be claimed for sending again; no reference number is given twice, even
// by the first intake after the restart.
func TestNoAcknowledgedMessageLostAtPowerLoss(t *testing.T) {
	if err := powerloss.Register(); err != nil {
		t.Fatal(err)
	}
	rounds := 12
	if testing.Short() {
		rounds = 3
	}
	rng := rand.New(rand.NewPCG(20, 12))
	for round := range rounds {
		acks := 1 + rng.IntN(700)
		mode := powerloss.Mode(round % 2)
		t.Run(fmt.Sprintf("round%02d_after%d_mode%d", round, acks, mode), func(t *testing.T) {
			powerCut(t, acks, mode, rng.Uint64())
		})
	}
}

type ackedMessage struct {
	mailID string
	rc     contact.Receipt
}

// sentQueue is the e-mail outbox with a note of every mail whose "sent" was acknowledged.
type sentQueue struct {
	store.MailQueue
	mu   *sync.Mutex
	sent *[]int64
}

func (q sentQueue) Sent(ctx context.Context, job outbox.Job[contact.OutMail], ref string) error {
	err := q.MailQueue.Sent(ctx, job, ref)
	if err == nil {
		q.mu.Lock()
		*q.sent = append(*q.sent, job.ID)
		q.mu.Unlock()
	}
	return err
}

type deliverAll struct{}

func (deliverAll) Send(context.Context, contact.OutMail) (string, error) { return "", nil }

// openSimulated opens the store in dir on the simulated disk. The store fsyncs the WAL itself after each
// group commit, here through SyncFile, so that the simulation sees that fsync.
func openSimulated(t *testing.T, dir string, opts ...store.Option) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(dir, "loket.db")+"?vfs="+powerloss.VFS,
		append(opts, store.WithWALSync(powerloss.SyncFile))...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openAfterCut opens the copy a power cut left in dir as after a restart, like any database, on the
// operating system's own VFS, and checks that it is whole.
func openAfterCut(t *testing.T, dir string, opts ...store.Option) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(dir, "loket.db"), opts...)
	if err != nil {
		t.Fatalf("open after the power cut: %v", err)
	}
	var check string
	if err := s.QueryRow(context.Background(), `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		s.Close()
		t.Fatalf("integrity after the power cut: %q %v", check, err)
	}
	return s
}

func powerCut(t *testing.T, acks int, mode powerloss.Mode, seed uint64) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Cleanup(func() { powerloss.Forget(dir) })
	s := openSimulated(t, dir)
	svc := contact.NewService(contact.Options{Store: s, Settings: settings})

	var mu sync.Mutex
	var messages []ackedMessage
	var sent []int64
	var atCrash struct {
		messages []ackedMessage
		sent     []int64
	}
	crashed := make(chan struct{})
	after := filepath.Join(t.TempDir(), "after")
	crash := func() {
		// Under mu: what was acknowledged is noted before the disk is copied, so every note is of work
		// whose commit returned before the copy.
		atCrash.messages = append([]ackedMessage(nil), messages...)
		atCrash.sent = append([]int64(nil), sent...)
		if err := powerloss.Crash(dir, after, mode, rand.New(rand.NewPCG(seed, 1))); err != nil {
			t.Error(err)
		}
		close(crashed)
	}

	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			var mine []string // this writer's acknowledged mail ids, to reply to
			for i := 0; ; i++ {
				select {
				case <-crashed:
					return
				default:
				}
				mailID := fmt.Sprintf("w%d-%d@example.org", w, i)
				inReplyTo := ""
				if i%4 == 3 && len(mine) > 0 {
					inReplyTo = mine[len(mine)/2] // a reply reopens an earlier conversation
				}
				in := email(fmt.Sprintf("inwoner%d-%d@example.org", w, i%5), fmt.Sprintf("Vraag %d van %d", i, w), mailID, inReplyTo)
				rc, err := svc.Intake(ctx, in)
				if err != nil {
					t.Error(err)
					return
				}
				mine = append(mine, mailID)
				mu.Lock()
				messages = append(messages, ackedMessage{mailID, rc})
				if len(messages) == acks {
					crash()
				}
				mu.Unlock()
			}
		})
	}
	worker := outbox.Worker[contact.OutMail]{Name: "email", Queue: sentQueue{s.MailQueue(), &mu, &sent},
		Sender: deliverAll{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	wg.Go(func() {
		for {
			select {
			case <-crashed:
				return
			default:
			}
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
		return
	}

	s = openAfterCut(t, after)
	defer s.Close()
	for _, m := range atCrash.messages {
		var convID int64
		var ref string
		err := s.QueryRow(ctx, `SELECT m.conversation_id, c.reference FROM contact_messages m
			JOIN contact_conversations c ON c.id = m.conversation_id WHERE m.id = ? AND m.mail_id = ?`,
			m.rc.MessageID, m.mailID).Scan(&convID, &ref)
		if err != nil {
			t.Errorf("acknowledged message %s (id %d) missing after the power cut: %v", m.mailID, m.rc.MessageID, err)
			continue
		}
		if convID != m.rc.ConversationID || ref != m.rc.Reference {
			t.Errorf("message %s: conversation %d %s after the power cut, acknowledged as %d %s",
				m.mailID, convID, ref, m.rc.ConversationID, m.rc.Reference)
		}
	}
	for _, id := range atCrash.sent {
		var state string
		if err := s.QueryRow(ctx, `SELECT state FROM outbox WHERE id = ?`, id).Scan(&state); err != nil || state != contact.DeliverySent {
			t.Errorf("mail %d acknowledged as sent: state %q after the power cut (%v)", id, state, err)
		}
	}
	again, err := s.ClaimOutbox(ctx, 100000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	sentBefore := map[int64]bool{}
	for _, id := range atCrash.sent {
		sentBefore[id] = true
	}
	for _, m := range again {
		if sentBefore[m.ID] {
			t.Errorf("mail %d, acknowledged as sent before the power cut, is claimed to be sent again", m.ID)
		}
	}
	// The reference numbers go on after the ones given out before the cut.
	rc, err := s.Intake(ctx, email("na.de.storing@example.org", "Na de storing", "after@example.org", ""), settings)
	if err != nil {
		t.Fatal(err)
	}
	var twice int
	if err := s.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT reference FROM contact_conversations
		GROUP BY reference HAVING COUNT(*) > 1) d`).Scan(&twice); err != nil || twice != 0 {
		t.Errorf("reference numbers given twice: %d (%v)", twice, err)
	}
	for _, m := range atCrash.messages {
		if m.rc.New && m.rc.Reference == rc.Reference {
			t.Errorf("the first intake after the cut got %s, the reference of acknowledged %s", rc.Reference, m.mailID)
		}
	}
	t.Logf("%d messages and %d sent mails acknowledged before the cut, all present", len(atCrash.messages), len(atCrash.sent))
}
