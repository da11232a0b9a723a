package email

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"loket/internal/contact"
)

// Round is what one pass over the mailbox did.
type Round struct {
	Stored     int // committed to the inbox, then marked \Seen (or moved)
	Duplicates int // already in the inbox (same Message-ID), marked \Seen (or moved) without a second copy
	Unreadable int // not valid mail, too large or without a sender: marked \Seen and \Flagged, left in place
	Failed     int // not stored because of an error; left unseen for the next round
}

// errUnreadable marks a message that will never become storable, so it is not fetched again and again.
var errUnreadable = errors.New("mail: refused")

// round takes every unseen message in the selected mailbox, oldest first, so a question is stored before
// a reply to it that arrived later.
func (f *Fetcher) round(ctx context.Context, c *imapclient.Client) (Round, error) {
	var r Round
	if err := c.Noop().Wait(); err != nil { // lets the server report mail that arrived since the last round
		return r, err
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen, imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return r, fmt.Errorf("search unseen messages: %w", err)
	}
	uids := found.AllUIDs()
	slices.Sort(uids)
	for _, uid := range uids {
		if ctx.Err() != nil {
			break
		}
		result, err := f.take(ctx, c, uid)
		imapMessages.WithLabelValues(result).Inc()
		switch result {
		case "stored":
			r.Stored++
		case "duplicate":
			r.Duplicates++
		case "unreadable":
			r.Unreadable++
		default:
			r.Failed++
		}
		if err != nil {
			return r, err
		}
	}
	if r.Stored+r.Duplicates+r.Unreadable+r.Failed > 0 {
		f.log.Info("IMAP round", "stored", r.Stored, "duplicates", r.Duplicates, "unreadable", r.Unreadable, "failed", r.Failed)
	}
	if r.Failed > 0 {
		return r, fmt.Errorf("%d message(s) not stored; they stay unseen and are tried again", r.Failed)
	}
	return r, nil
}

// take fetches one message, stores it and only then marks it. An error means the connection is in doubt;
// a message the store refused is counted as failed without an error, so the others still get their turn.
func (f *Fetcher) take(ctx context.Context, c *imapclient.Client, uid imap.UID) (string, error) {
	log := f.log.With("uid", uidString(uid))
	raw, received, err := f.fetch(c, uid)
	var in contact.Inbound
	if err == nil {
		if received.After(f.now()) {
			received = time.Time{} // a server clock ahead of ours: the intake stamps our time instead
		}
		in, err = ParseFetched(raw, received, f.cfg.Limits)
	}
	if errors.Is(err, errUnreadable) || errors.Is(err, ErrMalformed) {
		log.Error("IMAP message cannot be read; it is marked seen and flagged and left in the mailbox for a person to look at",
			"message_id", in.MailID, "reason", err)
		return "unreadable", f.mark(c, uid, false)
	}
	if err != nil {
		return "failed", err
	}
	// A commit in progress finishes even when loket is shutting down.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	rc, err := f.intake(sctx, in)
	if err != nil {
		log.Error("store IMAP message; it stays unseen for the next round", "message_id", in.MailID, "err", err)
		return "failed", nil
	}
	result := "stored"
	if rc.Duplicate {
		result = "duplicate"
	}
	log.Info("IMAP message "+result, "message_id", in.MailID, "conversation", rc.Reference, "automatic", in.Automatic)
	if err := f.mark(c, uid, true); err != nil {
		return result, fmt.Errorf("mark message %d after it was stored (it comes back as a duplicate): %w", uid, err)
	}
	return result, nil
}

// fetch reads one whole message without setting \Seen, and the time the server received it.
func (f *Fetcher) fetch(c *imapclient.Client, uid imap.UID) ([]byte, time.Time, error) {
	uids := imap.UIDSetNum(uid)
	sized, err := c.Fetch(uids, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fetch size of message %d: %w", uid, err)
	}
	if len(sized) != 1 {
		return nil, time.Time{}, fmt.Errorf("message %d is gone", uid)
	}
	if sized[0].RFC822Size > f.cfg.MaxMessageBytes {
		return nil, time.Time{}, fmt.Errorf("%w: %d bytes, larger than the limit of %d bytes", errUnreadable,
			sized[0].RFC822Size, f.cfg.MaxMessageBytes)
	}
	body := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(uids, &imap.FetchOptions{UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{body}}).Collect()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fetch message %d: %w", uid, err)
	}
	if len(msgs) != 1 || msgs[0].FindBodySection(body) == nil {
		return nil, time.Time{}, fmt.Errorf("message %d came without its content", uid)
	}
	return msgs[0].FindBodySection(body), msgs[0].InternalDate, nil
}

// mark sets \Seen on a stored message and moves it when --imap-move-to is set; an unreadable one gets
// \Seen and \Flagged and stays where a person will find it.
func (f *Fetcher) mark(c *imapclient.Client, uid imap.UID, stored bool) error {
	flags := []imap.Flag{imap.FlagSeen}
	if !stored {
		flags = append(flags, imap.FlagFlagged)
	}
	uids := imap.UIDSetNum(uid)
	if err := c.Store(uids, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: flags}, nil).Close(); err != nil {
		return err
	}
	if stored && f.cfg.MoveTo != "" {
		if _, err := c.Move(uids, f.cfg.MoveTo).Wait(); err != nil {
			return fmt.Errorf("move to %s: %w", f.cfg.MoveTo, err)
		}
	}
	return nil
}

// ParseFetched turns a message read from a mailbox into an inbound e-mail, as the SMTP listener does. There
// is no SMTP envelope: the Return-Path header stands in for the sender when From has no address, and
// the server's receive time is kept, so service-level clocks start when the mail arrived. A message without
// a Message-ID gets one derived from its content, so fetching it twice cannot store it twice.
func ParseFetched(raw []byte, received time.Time, lim Limits) (contact.Inbound, error) {
	in, err := Parse(bytes.NewReader(raw), lim)
	if err != nil {
		return in, err
	}
	if in.Email == "" {
		in.Email = returnPath(raw)
	}
	if in.Email == "" {
		return in, fmt.Errorf("%w: no sender address in From or Return-Path", errUnreadable)
	}
	if !received.IsZero() {
		in.ReceivedAt = received.UTC()
	}
	if in.MailID == "" {
		sum := sha256.Sum256(raw)
		in.MailID = "imap-" + hex.EncodeToString(sum[:16]) + "@loket.invalid"
	}
	return in, nil
}

// returnPath is the address in the Return-Path header, or "" for none or the empty path of a bounce.
func returnPath(raw []byte) string {
	h, _ := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw))).ReadMIMEHeader()
	a, err := netmail.ParseAddress(strings.TrimSpace(h.Get("Return-Path")))
	if err != nil {
		return ""
	}
	return strings.ToLower(a.Address)
}
