package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
)

// Intake stores an incoming message in one transaction: the party, the conversation it belongs to (by
// e-mail thread or reference number), the message with its attachments, and for a new conversation the
// confirmation e-mail in the outbox. It returns only after the commit, so an acknowledged message is never
// lost. The same e-mail delivered twice is stored once. A WhatsApp message is stored by WhatsAppIntake.
func (s *Store) Intake(ctx context.Context, in contact.Inbound, set contact.Settings) (contact.Receipt, error) {
	if in.Channel == contact.ChannelWhatsApp {
		return s.WhatsAppIntake(ctx, WhatsAppInbound{ID: in.WhatsAppID, From: in.Phone, Name: in.Name, Text: in.Text, At: in.ReceivedAt}, set)
	}
	// On PostgreSQL an e-mail delivered before is looked for first, so that it does not reserve a
	// reference number below; on SQLite inside the write queue (intakeTx).
	if in.MailID != "" && s.dialect == Postgres {
		rc, err := s.duplicate(ctx, s, in.MailID, in.Email)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return rc, err
		}
	}
	at := s.now()
	if !in.ReceivedAt.IsZero() {
		at = in.ReceivedAt.UTC()
	}
	var number int64
	if s.dialect == Postgres && startsConversation(in) {
		var err error
		if number, err = s.reserveReference(ctx, at.Year()); err != nil {
			return contact.Receipt{}, err
		}
	}
	var rc contact.Receipt
	// Two first messages from one new address (or one e-mail delivered twice) at the same moment: the
	// loser of the race hits a unique key and runs again, then finds the party or the message.
	err := s.inTxRetryingConflict(ctx, func(tx *Tx) error {
		var err error
		rc, err = s.intakeTx(ctx, tx, in, set, at, number)
		return err
	})
	return rc, err
}

// startsConversation says whether a message surely starts a conversation: it names no earlier e-mail and
// no reference number (only a duplicate can still make it join one).
func startsConversation(in contact.Inbound) bool {
	return in.Channel != contact.ChannelEmail ||
		(in.InReplyTo == "" && len(in.References) == 0 && contact.FindReference(in.Subject) == "")
}

// reserveReference takes the next reference number of year in a short transaction of its own, for
// PostgreSQL: allocated inside the intake's transaction, the counter's row stays locked until that
// transaction's commit is flushed, and concurrent intakes would wait for each other one by one. This
// commit need not be flushed by itself: the WAL is written in order, so the intake's flushed commit, which
// comes after it, makes it durable too; a number whose intake then fails is left unused (a gap, never a
// number given twice).
func (s *Store) reserveReference(ctx context.Context, year int) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("reference number: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
		return 0, fmt.Errorf("reference number: %w", err)
	}
	var n int64
	err = tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO contact_sequences (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = contact_sequences.last + 1 RETURNING last`), year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reference number: %w", err)
	}
	return n, tx.Commit()
}

// intakeTx stores one message in tx, received at. number is a reference number reserved before the
// transaction (0: take one inside it). An e-mail delivered before is looked for inside the transaction:
// on SQLite that is the write queue's connection, whose page cache holds what intake just wrote; looked for
// beforehand on a reading connection (whose cache every commit resets) it cost 40–50 µs of CPU per message,
// more than the look itself in the queue. A second delivery racing the first is caught by the unique key on
// (mail_id, from_address), and the run that loses finds the first one here.
func (s *Store) intakeTx(ctx context.Context, tx *Tx, in contact.Inbound, set contact.Settings, at time.Time,
	number int64) (contact.Receipt, error) {
	if in.MailID != "" {
		rc, err := s.duplicate(ctx, tx, in.MailID, in.Email)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return rc, err
		}
	}
	if !in.DuplicateSince.IsZero() && in.Email != "" {
		rc, err := s.sameQuestion(ctx, tx, in)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return rc, err
		}
	}
	// A message that surely starts a conversation and may be confirmed reads the confirmation facts with
	// its party, in one statement.
	var facts *partyFacts
	var partyID int64
	var newParty bool
	var err error
	if startsConversation(in) && !in.Automatic && in.Email != "" {
		partyID, newParty, facts, err = s.intakeParty(ctx, tx, in, at)
	} else {
		partyID, newParty, err = s.findOrCreateParty(ctx, tx, "email", in.Email, in.Name)
	}
	if err != nil {
		return contact.Receipt{}, fmt.Errorf("party: %w", err)
	}
	var rc contact.Receipt
	var c contact.Conversation
	if in.Channel == contact.ChannelEmail {
		c, err = s.threadOf(ctx, tx, in, partyID)
	} else {
		err = contact.ErrNotFound
	}
	switch {
	case err == nil:
		err = s.resume(ctx, tx, c, at, set)
	case errors.Is(err, contact.ErrNotFound):
		// A new conversation is stored with its due time and its whole search text (the message's too) at
		// once, rather than updated after the message.
		c, err = s.openConversation(ctx, tx, in, partyID, at, set.Mailer.ReferencePrefix(), number, &set.Levels, in.Text)
		rc.New = true
	}
	if err != nil {
		return rc, err
	}
	rc.ConversationID, rc.Reference = c.ID, c.Reference
	msg := contact.Message{ConversationID: c.ID, Kind: contact.KindIn, Channel: in.Channel, Author: in.Name,
		Subject: in.Subject, Body: in.Text, BodyHTML: in.HTML, MailID: in.MailID, InReplyTo: in.InReplyTo, From: in.Email,
		Automatic: in.Automatic, Notes: in.Notes, CreatedAt: at, Attachments: in.Attachments}
	if rc.MessageID, err = s.insertMessageRow(ctx, tx, msg, !rc.New); err != nil {
		return rc, err
	}
	if in.Owner != "" {
		if err := linkConversationTx(ctx, tx, c.ID, in.Owner, at); err != nil {
			return rc, err
		}
	}
	if rc.New && !in.Automatic && in.Email != "" {
		// A party created by this message has written nothing before and was sent nothing.
		var wroteBefore bool
		var sentToday int
		switch {
		case facts != nil:
			wroteBefore, sentToday = facts.wroteBefore, facts.sentToday
		case !newParty:
			wroteBefore, sentToday, err = s.confirmationFacts(ctx, tx, partyID, c.ID, in.Email, at)
			if err != nil {
				return rc, err
			}
		}
		c.PartyName, c.PartyEmail = in.Name, in.Email
		if mail, ok := set.Mailer.ConfirmationFor(c, in, wroteBefore, sentToday); ok {
			if _, err := s.enqueueMail(ctx, tx, c, contact.KindAuto, "loket", mail, "", at); err != nil {
				return rc, err
			}
		}
	}
	return rc, nil
}

// rowQuerier is a transaction or the store itself: a look-up that runs inside or before a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// duplicate finds an e-mail that was received before from the same address, by its Message-ID; the same
// Message-ID from another address is another message.
func (s *Store) duplicate(ctx context.Context, q rowQuerier, mailID, from string) (contact.Receipt, error) {
	rc := contact.Receipt{Duplicate: true}
	err := q.QueryRow(ctx, `SELECT m.id, c.id, c.reference FROM contact_messages m
		JOIN contact_conversations c ON c.id = m.conversation_id WHERE m.mail_id = ? AND m.from_address = ?`,
		mailID, strings.ToLower(strings.TrimSpace(from))).Scan(&rc.MessageID, &rc.ConversationID, &rc.Reference)
	return rc, err
}

// sameQuestion finds the same question from the same address on the same channel since in.DuplicateSince.
func (s *Store) sameQuestion(ctx context.Context, tx *Tx, in contact.Inbound) (contact.Receipt, error) {
	rc := contact.Receipt{Duplicate: true}
	err := tx.QueryRow(ctx, `SELECT m.id, c.id, c.reference FROM contact_digital_addresses a
		JOIN contact_conversations c ON c.party_id = a.party_id
		JOIN contact_messages m ON m.conversation_id = c.id
		WHERE a.kind = 'email' AND a.address = ? AND c.channel = ? AND m.kind = 'in' AND m.subject = ? AND m.body = ?
		AND m.created_at >= ? ORDER BY m.id DESC LIMIT 1`, strings.ToLower(strings.TrimSpace(in.Email)), in.Channel,
		truncateRunes(in.Subject, 300), in.Text, in.DuplicateSince.UTC()).Scan(&rc.MessageID, &rc.ConversationID, &rc.Reference)
	return rc, err
}

// threadOf finds the conversation an e-mail continues: by In-Reply-To and References first, then by a
// reference number in the subject from the same party. Merged conversations lead to the one they joined.
func (s *Store) threadOf(ctx context.Context, tx *Tx, in contact.Inbound, partyID int64) (contact.Conversation, error) {
	ids := append([]string{}, in.References...)
	if in.InReplyTo != "" {
		ids = append(ids, in.InReplyTo)
	}
	var convID int64
	for i := len(ids) - 1; i >= 0 && convID == 0; i-- { // the newest reference first
		// Only a conversation of the same sender: naming another resident's Message-ID joins nothing.
		err := tx.QueryRow(ctx, `SELECT m.conversation_id FROM contact_messages m JOIN contact_conversations c ON c.id = m.conversation_id
			WHERE m.mail_id = ? AND c.party_id = ? ORDER BY m.id LIMIT 1`, ids[i], partyID).Scan(&convID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return contact.Conversation{}, err
		}
	}
	if ref := contact.FindReference(in.Subject); convID == 0 && ref != "" {
		err := tx.QueryRow(ctx, `SELECT id FROM contact_conversations WHERE reference = ? AND party_id = ?`, ref, partyID).Scan(&convID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return contact.Conversation{}, err
		}
	}
	if convID == 0 {
		return contact.Conversation{}, contact.ErrNotFound
	}
	for range 10 { // follow merges; a chain is at most a few links long
		c, err := s.conversationTx(ctx, tx, convID)
		if err != nil || c.MergedInto == 0 {
			return c, err
		}
		convID = c.MergedInto
	}
	return contact.Conversation{}, contact.ErrNotFound
}

// resume reopens a conversation the resident wrote to again; waiting time is added to the paused time.
func (s *Store) resume(ctx context.Context, tx *Tx, c contact.Conversation, at time.Time, set contact.Settings) error {
	return s.applyTransition(ctx, tx, c, set.Levels.Resume(c, at), at, set.Levels)
}

// startConversation opens a conversation with the next reference number of the year, starting with prefix
// (the municipality's). Until a caller with the service levels refreshes it, it is due at once.
func (s *Store) startConversation(ctx context.Context, tx *Tx, in contact.Inbound, partyID int64, at time.Time, prefix string) (contact.Conversation, error) {
	return s.openConversation(ctx, tx, in, partyID, at, prefix, 0, nil, "")
}

// openConversation opens a conversation with reference number n of the year, or the next one when n is 0.
// With levels it is stored with the due time they give it (otherwise due at once: oldest first); text is
// added to its search text beside the reference, subject, name and address.
func (s *Store) openConversation(ctx context.Context, tx *Tx, in contact.Inbound, partyID int64, at time.Time, prefix string,
	n int64, levels *contact.ServiceLevels, text string) (contact.Conversation, error) {
	year := at.Year()
	var err error
	if n == 0 {
		if n, err = tx.nextReference(ctx, year); err != nil {
			return contact.Conversation{}, err
		}
	}
	c := contact.Conversation{Reference: contact.FormatReference(prefix, year, n), PartyID: partyID, Channel: in.Channel,
		Subject: truncateRunes(in.Subject, 300), State: contact.StateNew, Automatic: in.Automatic, CreatedAt: at, UpdatedAt: at}
	due := at.Truncate(time.Second)
	if levels != nil {
		due = levels.DueAt(c)
	}
	c.ID, err = tx.insertID(ctx, `INSERT INTO contact_conversations (reference, party_id, channel, subject, state, automatic,
		created_at, updated_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Reference, partyID, c.Channel, c.Subject, c.State, c.Automatic, at, at, due)
	if err != nil {
		return c, fmt.Errorf("conversation: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO contact_betrokkenen (conversation_id, party_id, role, name, address) VALUES (?, ?, 'klant', ?, ?)`,
		c.ID, partyID, in.Name, strings.ToLower(in.Email))
	if err != nil {
		return c, err
	}
	doc := c.Reference + " " + c.Subject + " " + in.Name + " " + strings.ToLower(in.Email)
	if text = strings.TrimSpace(text); text != "" {
		doc += " " + text
	}
	return c, s.indexConversation(ctx, tx, c.ID, doc)
}

func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func truncateRunes(s string, n int) string {
	if len(s) <= n { // no more bytes than n, so no more runes: spares the conversion
		return s
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// confirmationFacts says whether the party wrote in another conversation before this one, and how many
// automatic mails went to the address in the 24 hours before at (counted up to the daily limit, which is
// all the rule needs), in one statement.
func (s *Store) confirmationFacts(ctx context.Context, tx *Tx, partyID, convID int64, address string, at time.Time) (bool, int, error) {
	var earlier bool
	var sent int
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contact_conversations c JOIN contact_messages m ON m.conversation_id = c.id
			WHERE c.party_id = ? AND c.id <> ? AND m.kind = ?),
		(SELECT COUNT(*) FROM (SELECT 1 FROM outbox o JOIN contact_messages m ON m.id = o.message_id
			WHERE LOWER(o.recipient) = ? AND m.kind = ? AND o.created_at >= ? LIMIT ?) recent)`,
		partyID, convID, contact.KindIn, strings.ToLower(strings.TrimSpace(address)), contact.KindAuto, at.Add(-24*time.Hour),
		contact.ConfirmationsPerDay).Scan(&earlier, &sent)
	if err != nil {
		return false, 0, fmt.Errorf("confirmation facts: %w", err)
	}
	return earlier, sent, nil
}

// partyFacts are the confirmation facts of a known party read with it (see confirmationFacts).
type partyFacts struct {
	wroteBefore bool
	sentToday   int
}

// intakeParty is findOrCreateParty for a message that starts a conversation, reading the confirmation
// facts of a known party in the same statement: its conversation does not exist yet, so every earlier
// conversation of the party counts, as confirmationFacts counts all but the new one. A new party has none.
func (s *Store) intakeParty(ctx context.Context, tx *Tx, in contact.Inbound, at time.Time) (int64, bool, *partyFacts, error) {
	address := strings.ToLower(strings.TrimSpace(in.Email))
	var id int64
	var known string
	var f partyFacts
	err := tx.QueryRow(ctx, `SELECT a.party_id, p.name,
		EXISTS (SELECT 1 FROM contact_conversations c JOIN contact_messages m ON m.conversation_id = c.id
			WHERE c.party_id = a.party_id AND m.kind = ?),
		(SELECT COUNT(*) FROM (SELECT 1 FROM outbox o JOIN contact_messages m ON m.id = o.message_id
			WHERE LOWER(o.recipient) = ? AND m.kind = ? AND o.created_at >= ? LIMIT ?) recent)
		FROM contact_digital_addresses a JOIN contact_parties p ON p.id = a.party_id
		WHERE a.kind = 'email' AND a.address = ?`, contact.KindIn, address, contact.KindAuto, at.Add(-24*time.Hour),
		contact.ConfirmationsPerDay, address).Scan(&id, &known, &f.wroteBefore, &f.sentToday)
	if errors.Is(err, sql.ErrNoRows) {
		created := false
		id, created, err = s.findOrCreateParty(ctx, tx, "email", in.Email, in.Name)
		return id, created, nil, err
	}
	if err != nil {
		return 0, false, nil, err
	}
	if in.Name != "" && known == "" {
		if _, err := tx.Exec(ctx, `UPDATE contact_parties SET name = ? WHERE id = ? AND name = ''`, in.Name, id); err != nil {
			return 0, false, nil, err
		}
	}
	return id, false, &f, nil
}
