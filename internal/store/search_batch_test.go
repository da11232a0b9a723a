package store

import (
	"context"
	"path/filepath"
	"testing"

	"loket/internal/contact"
)

// TestGroupWritesSearchTextsOnce: two e-mails in one group commit, the second a reply to the first: the
// conversation's search text, written once before the commit, holds both messages' words, and a third
// transaction that fails sends the group again through savepoints, where the texts are written directly.
func TestGroupWritesSearchTextsOnce(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "loket.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	set := contact.Settings{Levels: contact.DefaultServiceLevels()}
	in := func(mail, reply, text string) contact.Inbound {
		return contact.Inbound{Channel: contact.ChannelEmail, Name: "A", Email: "a@example.org", Subject: "Vraag",
			Text: text, MailID: mail, InReplyTo: reply}
	}
	search := func(word string) int {
		var n int
		if err := s.QueryRow(ctx, `SELECT COUNT(*) FROM contact_search WHERE contact_search MATCH ?`, word).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, failing := range []bool{false, true} {
		prefix := "p"
		if failing {
			prefix = "q"
		}
		var errs [3]error
		reqs := []*writeReq{
			{ctx: ctx, done: make(chan error, 1), fn: func(tx *Tx) error {
				_, err := s.intakeTx(ctx, tx, in(prefix+"1@x", "", prefix+"eerste"), set, s.now(), 0)
				return err
			}},
			{ctx: ctx, done: make(chan error, 1), fn: func(tx *Tx) error {
				_, err := s.intakeTx(ctx, tx, in(prefix+"2@x", prefix+"1@x", prefix+"tweede"), set, s.now(), 0)
				return err
			}},
		}
		if failing {
			reqs = append(reqs, &writeReq{ctx: ctx, done: make(chan error, 1), fn: func(*Tx) error { return context.Canceled }})
		}
		s.writes.commit(reqs)
		for i, r := range reqs {
			errs[i] = <-r.done
		}
		if errs[0] != nil || errs[1] != nil || (failing && errs[2] == nil) {
			t.Fatalf("failing=%v: %v", failing, errs)
		}
		if search(prefix+"eerste") != 1 || search(prefix+"tweede") != 1 {
			t.Errorf("failing=%v: search finds %d and %d conversations, want the one for both words", failing,
				search(prefix+"eerste"), search(prefix+"tweede"))
		}
	}
}
