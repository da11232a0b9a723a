package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
)

// WhatsAppWindow is the customer-service window: after a resident's last message, free text may be sent
// for this long; after it only an approved template message.
const WhatsAppWindow = contact.WhatsAppWindow

// ErrOutsideWindow is returned for a free-text WhatsApp reply after the customer-service window closed.
var ErrOutsideWindow = contact.ErrOutsideWindow

// WhatsApp delivery statuses, in the order they can follow each other (failed can come at any time).
var whatsAppStatusRank = map[string]int{"sent": 1, "delivered": 2, "read": 3, "failed": 4}

// WhatsAppInbound is one message received through the WhatsApp Business webhook.
type WhatsAppInbound struct {
	ID   string // wamid, unique per message: the key for deduplication
	From string // the resident's phone number (wa_id), digits only
	Name string // profile name, if the payload had one
	Text string
	At   time.Time
}

// WhatsAppIntake stores an incoming WhatsApp message: the party (by phone number), its open WhatsApp
// conversation or a new one, and the message. It returns only after the commit; a message id seen before
// is stored once and reported as a duplicate.
func (s *Store) WhatsAppIntake(ctx context.Context, in WhatsAppInbound, set contact.Settings) (contact.Receipt, error) {
	if in.ID == "" || in.From == "" {
		return contact.Receipt{}, fmt.Errorf("%w: a WhatsApp message needs an id and a sender", contact.ErrInvalid)
	}
	var rc contact.Receipt
	// A duplicate delivered at the same moment loses on the unique key and finds the message on its next run.
	err := s.inTxRetryingConflict(ctx, func(tx *Tx) error {
		var err error
		rc, err = s.whatsAppIntakeTx(ctx, tx, in, set)
		return err
	})
	return rc, err
}

func (s *Store) whatsAppIntakeTx(ctx context.Context, tx *Tx, in WhatsAppInbound, set contact.Settings) (contact.Receipt, error) {
	rc := contact.Receipt{Duplicate: true}
	err := tx.QueryRow(ctx, `SELECT w.message_id, c.id, c.reference FROM contact_whatsapp_messages w
		JOIN contact_messages m ON m.id = w.message_id JOIN contact_conversations c ON c.id = m.conversation_id
		WHERE w.wa_id = ?`, in.ID).Scan(&rc.MessageID, &rc.ConversationID, &rc.Reference)
	if !errors.Is(err, sql.ErrNoRows) {
		return rc, err
	}
	rc = contact.Receipt{}
	at := s.now()
	if !in.At.IsZero() {
		at = in.At.UTC()
	}
	partyID, err := s.partyFor(ctx, tx, "phone", in.From, in.Name)
	if err != nil {
		return rc, fmt.Errorf("party: %w", err)
	}
	var convID int64
	err = tx.QueryRow(ctx, `SELECT id FROM contact_conversations WHERE party_id = ? AND channel = ? AND merged_into IS NULL
		AND state <> ? ORDER BY id DESC LIMIT 1`, partyID, contact.ChannelWhatsApp, contact.StateClosed).Scan(&convID)
	var c contact.Conversation
	switch {
	case err == nil:
		if c, err = s.conversationTx(ctx, tx, convID); err == nil {
			err = s.resume(ctx, tx, c, at, set)
		}
	case errors.Is(err, sql.ErrNoRows):
		subject, _, _ := strings.Cut(in.Text, "\n")
		c, err = s.startConversation(ctx, tx, contact.Inbound{Channel: contact.ChannelWhatsApp, Name: in.Name,
			Subject: truncateRunes(subject, 120)}, partyID, at, set.Mailer.ReferencePrefix())
		if err == nil {
			err = s.refreshDue(ctx, tx, c.ID, set.Levels)
		}
		rc.New = true
	}
	if err != nil {
		return rc, err
	}
	rc.ConversationID, rc.Reference = c.ID, c.Reference
	rc.MessageID, err = s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindIn,
		Channel: contact.ChannelWhatsApp, Author: in.Name, Body: in.Text, CreatedAt: at})
	if err != nil {
		return rc, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO contact_whatsapp_messages (message_id, wa_id, direction) VALUES (?, ?, 'in')`, rc.MessageID, in.ID)
	return rc, err
}

// RecordWhatsAppStatus records a delivery status (sent, delivered, read, failed) of an outbound message.
// Statuses arrive out of order, so a later one never goes back: read stays read when delivered arrives.
func (s *Store) RecordWhatsAppStatus(ctx context.Context, waID, status string, at time.Time, cause string) error {
	if _, ok := whatsAppStatusRank[status]; !ok {
		return fmt.Errorf("%w: WhatsApp status %q", contact.ErrInvalid, status)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var current string
		err := tx.QueryRow(ctx, `SELECT status FROM contact_whatsapp_messages WHERE wa_id = ? AND direction = 'out'`, waID).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return keepEarlyStatus(ctx, tx, waID, status, at, cause)
		}
		if err != nil {
			return err
		}
		return applyWhatsAppStatus(ctx, tx, waID, current, status, at, cause)
	})
}

// applyWhatsAppStatus moves an outbound message's status forward; a status never goes back (read stays read).
func applyWhatsAppStatus(ctx context.Context, tx *Tx, waID, current, status string, at time.Time, cause string) error {
	if whatsAppStatusRank[current] >= whatsAppStatusRank[status] {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE contact_whatsapp_messages SET status = ?, status_at = ?, error = ? WHERE wa_id = ? AND status = ?`,
		status, at.UTC(), truncateRunes(cause, 500), waID, current)
	return err
}

// keepEarlyStatus holds the furthest status reported for a message id loket has not stored yet.
func keepEarlyStatus(ctx context.Context, tx *Tx, waID, status string, at time.Time, cause string) error {
	var held string
	err := tx.QueryRow(ctx, `SELECT status FROM whatsapp_early_statuses WHERE wa_id = ?`, waID).Scan(&held)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.Exec(ctx, `INSERT INTO whatsapp_early_statuses (wa_id, status, status_at, error) VALUES (?, ?, ?, ?)`,
			waID, status, at.UTC(), truncateRunes(cause, 500))
	case err == nil && whatsAppStatusRank[status] > whatsAppStatusRank[held]:
		_, err = tx.Exec(ctx, `UPDATE whatsapp_early_statuses SET status = ?, status_at = ?, error = ? WHERE wa_id = ?`,
			status, at.UTC(), truncateRunes(cause, 500), waID)
	}
	return err
}

// applyEarlyStatus applies and forgets a status that arrived before the message id was stored.
func applyEarlyStatus(ctx context.Context, tx *Tx, waID string) error {
	var status, cause string
	var at time.Time
	err := tx.QueryRow(ctx, `SELECT status, status_at, error FROM whatsapp_early_statuses WHERE wa_id = ?`, waID).Scan(&status, &at, &cause)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM whatsapp_early_statuses WHERE wa_id = ?`, waID); err != nil {
		return err
	}
	var current string
	if err := tx.QueryRow(ctx, `SELECT status FROM contact_whatsapp_messages WHERE wa_id = ? AND direction = 'out'`, waID).Scan(&current); err != nil {
		return err
	}
	return applyWhatsAppStatus(ctx, tx, waID, current, status, at, cause)
}

// lastInboundQuery finds the resident's last WhatsApp message (MAX() would lose the column type in SQLite).
const lastInboundQuery = `SELECT created_at FROM contact_messages WHERE conversation_id = ? AND kind = ? AND channel = ?
	ORDER BY created_at DESC LIMIT 1`

// WhatsAppLastInbound is when the resident last wrote in a WhatsApp conversation: the start of the
// customer-service window. Zero when they never did.
func (s *Store) WhatsAppLastInbound(ctx context.Context, conversationID int64) (time.Time, error) {
	var t time.Time
	err := s.QueryRow(ctx, lastInboundQuery, conversationID, contact.KindIn, contact.ChannelWhatsApp).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return t, err
}

// WhatsAppStatuses maps the message ids of a conversation's outbound WhatsApp messages to their last status.
func (s *Store) WhatsAppStatuses(ctx context.Context, conversationID int64) (map[int64]string, error) {
	rows, err := s.Query(ctx, `SELECT w.message_id, w.status FROM contact_whatsapp_messages w
		JOIN contact_messages m ON m.id = w.message_id WHERE m.conversation_id = ? AND w.direction = 'out'`, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// SendWhatsAppTemplate queues an approved template message: the only thing allowed outside the window.
func (s *Store) SendWhatsAppTemplate(ctx context.Context, conversationID int64, author, template string) (int64, error) {
	if strings.TrimSpace(template) == "" {
		return 0, fmt.Errorf("%w: no template", contact.ErrInvalid)
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		id, err = s.enqueueWhatsApp(ctx, tx, c, author, "Sjabloonbericht: "+template, template, s.now())
		return err
	})
	return id, err
}

// whatsAppReplyTx queues an agent's free-text reply, inside the window only; AddReply calls it.
func (s *Store) whatsAppReplyTx(ctx context.Context, tx *Tx, c contact.Conversation, author, text, suggestion string, at time.Time) (int64, error) {
	var last time.Time
	err := tx.QueryRow(ctx, lastInboundQuery, c.ID, contact.KindIn, contact.ChannelWhatsApp).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if last.IsZero() || at.Sub(last) >= WhatsAppWindow {
		return 0, ErrOutsideWindow
	}
	id, err := s.enqueueWhatsApp(ctx, tx, c, author, text, "", at)
	if err == nil && suggestion != "" {
		_, err = tx.Exec(ctx, `UPDATE contact_messages SET suggestion_used = ? WHERE id = ?`, suggestion, id)
	}
	return id, err
}

// enqueueWhatsApp stores an outbound WhatsApp message and its outbox row in the caller's transaction. In
// the outbox, recipient is the phone number and subject the template name (empty for free text).
func (s *Store) enqueueWhatsApp(ctx context.Context, tx *Tx, c contact.Conversation, author, text, template string, at time.Time) (int64, error) {
	return s.enqueueWhatsAppWith(ctx, tx, c, author, contact.WhatsAppMessage{Text: text, Template: template}, at)
}

// enqueueWhatsAppWith is enqueueWhatsApp for a message with template variables.
func (s *Store) enqueueWhatsAppWith(ctx context.Context, tx *Tx, c contact.Conversation, author string, m contact.WhatsAppMessage, at time.Time) (int64, error) {
	text, template := m.Text, m.Template
	params := ""
	if len(m.Params) > 0 {
		b, err := json.Marshal(m.Params)
		if err != nil {
			return 0, err
		}
		params = string(b)
	}
	var phone string
	err := tx.QueryRow(ctx, `SELECT address FROM contact_digital_addresses WHERE party_id = ? AND kind = 'phone' ORDER BY id LIMIT 1`,
		c.PartyID).Scan(&phone)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: this person has no WhatsApp number", contact.ErrInvalid)
	}
	if err != nil {
		return 0, err
	}
	id, err := s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindOut, Channel: contact.ChannelWhatsApp,
		Author: author, Body: text, CreatedAt: at})
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO contact_whatsapp_messages (message_id, direction) VALUES (?, 'out')`, id); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at, channel,
		template_params) VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?)`, id, phone, template, text, contact.DeliveryQueued, at, at, contact.ChannelWhatsApp, params)
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	return id, nil
}

// QueuedWhatsApp is one WhatsApp message claimed from the outbox.
type QueuedWhatsApp struct {
	ID        int64 // outbox id
	MessageID int64
	Attempts  int
	To        string
	Text      string
	Template  string   // an approved template name; empty for free text
	Params    []string // the template's body variables {{1}}, {{2}}, ...
}

// ClaimWhatsAppOutbox takes up to limit due WhatsApp messages and hides them from other senders for lease,
// like ClaimOutbox does for e-mail.
func (s *Store) ClaimWhatsAppOutbox(ctx context.Context, limit int, lease time.Duration) ([]QueuedWhatsApp, error) {
	at := s.now()
	rows, err := s.Query(ctx, `SELECT id, message_id, attempts, recipient, body, subject, template_params FROM outbox
		WHERE channel = ? AND state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
		contact.ChannelWhatsApp, contact.DeliveryQueued, at, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	var due []QueuedWhatsApp
	for rows.Next() {
		var m QueuedWhatsApp
		var params string
		if err := rows.Scan(&m.ID, &m.MessageID, &m.Attempts, &m.To, &m.Text, &m.Template, &params); err != nil {
			rows.Close()
			return nil, err
		}
		if params != "" {
			if err := json.Unmarshal([]byte(params), &m.Params); err != nil {
				rows.Close()
				return nil, fmt.Errorf("outbox %d: template variables: %w", m.ID, err)
			}
		}
		due = append(due, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return leaseDue(ctx, s, due, func(m QueuedWhatsApp) int64 { return m.ID }, at, lease)
}

// MarkWhatsAppSent records that the Graph API accepted a message, with the wamid it gave it.
func (s *Store) MarkWhatsAppSent(ctx context.Context, q QueuedWhatsApp, waID string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`,
			contact.DeliverySent, s.now(), q.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE contact_whatsapp_messages SET wa_id = ?, status = CASE WHEN status = '' THEN 'sent' ELSE status END
			WHERE message_id = ? AND direction = 'out'`, waID, q.MessageID)
		if err != nil {
			return err
		}
		return applyEarlyStatus(ctx, tx, waID)
	})
}
