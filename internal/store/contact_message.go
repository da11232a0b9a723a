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

func (s *Store) insertMessage(ctx context.Context, tx *Tx, m contact.Message) (int64, error) {
	return s.insertMessageRow(ctx, tx, m, m.Kind != contact.KindAuto)
}

// insertMessageRow stores a message; index adds its text to the conversation's search text (intake leaves
// it out for a new conversation, whose search text it writes at once).
func (s *Store) insertMessageRow(ctx context.Context, tx *Tx, m contact.Message, index bool) (int64, error) {
	var mailID any
	if m.MailID != "" {
		mailID = m.MailID
	}
	id, err := tx.insertID(ctx, `INSERT INTO contact_messages (conversation_id, kind, channel, author, author_name, subject, body, body_html,
		mail_id, in_reply_to, automatic, suggestion_used, notes, created_at, from_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ConversationID, m.Kind, m.Channel, m.Author, truncateRunes(m.AuthorName, 200), truncateRunes(m.Subject, 300), m.Body, m.BodyHTML,
		mailID, m.InReplyTo, m.Automatic, m.SuggestionUsed, m.Notes, m.CreatedAt.UTC(), strings.ToLower(strings.TrimSpace(m.From)))
	if err != nil {
		return 0, fmt.Errorf("message: %w", err)
	}
	if index && m.Kind != contact.KindAuto {
		if err := s.indexText(ctx, tx, m.ConversationID, m.Body); err != nil {
			return 0, fmt.Errorf("search index: %w", err)
		}
	}
	for _, a := range m.Attachments {
		_, err := tx.Exec(ctx, `INSERT INTO contact_attachments (message_id, filename, content_type, size, data) VALUES (?, ?, ?, ?, ?)`,
			id, a.Filename, a.ContentType, int64(len(a.Data)), a.Data)
		if err != nil {
			return 0, fmt.Errorf("attachment: %w", err)
		}
	}
	return id, nil
}

// Messages lists the messages of a conversation, oldest first, with attachment names and delivery states.
func (s *Store) Messages(ctx context.Context, conversationID int64) ([]contact.Message, error) {
	rows, err := s.Query(ctx, `SELECT m.id, m.conversation_id, m.kind, m.channel, m.author, m.author_name, m.subject, m.body, m.body_html,
		COALESCE(m.mail_id, ''), m.in_reply_to, m.automatic, m.suggestion_used, m.notes, m.created_at, m.from_address,
		o.state, o.attempts, o.last_error, o.sent_at
		FROM contact_messages m LEFT JOIN outbox o ON o.message_id = m.id
		WHERE m.conversation_id = ? ORDER BY m.created_at, m.id`, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []contact.Message
	index := map[int64]int{}
	for rows.Next() {
		var m contact.Message
		var state, lastErr sql.NullString
		var attempts sql.NullInt64
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.Kind, &m.Channel, &m.Author, &m.AuthorName, &m.Subject, &m.Body, &m.BodyHTML,
			&m.MailID, &m.InReplyTo, &m.Automatic, &m.SuggestionUsed, &m.Notes, &m.CreatedAt, &m.From,
			&state, &attempts, &lastErr, &sent); err != nil {
			return nil, err
		}
		if state.Valid {
			m.Delivery = &contact.Delivery{State: state.String, Attempts: int(attempts.Int64), LastError: lastErr.String, SentAt: sent.Time}
		}
		index[m.ID] = len(list)
		list = append(list, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return list, s.addAttachmentNames(ctx, conversationID, list, index)
}

func (s *Store) addAttachmentNames(ctx context.Context, conversationID int64, list []contact.Message, index map[int64]int) error {
	rows, err := s.Query(ctx, `SELECT a.id, a.message_id, a.filename, a.content_type, a.size FROM contact_attachments a
		JOIN contact_messages m ON m.id = a.message_id WHERE m.conversation_id = ? ORDER BY a.id`, conversationID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a contact.Attachment
		var msgID int64
		if err := rows.Scan(&a.ID, &msgID, &a.Filename, &a.ContentType, &a.Size); err != nil {
			return err
		}
		if i, ok := index[msgID]; ok {
			list[i].Attachments = append(list[i].Attachments, a)
		}
	}
	return rows.Err()
}

// Attachment returns one attachment with its data, if it belongs to the conversation.
func (s *Store) Attachment(ctx context.Context, conversationID, id int64) (contact.Attachment, error) {
	var a contact.Attachment
	err := s.QueryRow(ctx, `SELECT a.id, a.filename, a.content_type, a.size, a.data FROM contact_attachments a
		JOIN contact_messages m ON m.id = a.message_id WHERE a.id = ? AND m.conversation_id = ?`, id, conversationID).
		Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return a, contact.ErrNotFound
	}
	return a, err
}

// Reply is contact.Reply: an agent's answer to a conversation.
type Reply = contact.Reply

// AddReply stores an agent's answer and, when the resident has an e-mail address, puts the e-mail in the
// outbox in the same transaction. The first answer stops the first-response clock.
func (s *Store) AddReply(ctx context.Context, conversationID int64, r Reply, set contact.Settings) (int64, error) {
	if strings.TrimSpace(r.Text) == "" {
		return 0, fmt.Errorf("%w: empty reply", contact.ErrInvalid)
	}
	if r.State == "" {
		r.State = contact.StateWaiting
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		if c.MergedInto != 0 {
			return fmt.Errorf("%w: this conversation was merged into another", contact.ErrInvalid)
		}
		at := s.now()
		if c.PartyEmail != "" && (c.Channel == contact.ChannelEmail || c.Channel == contact.ChannelForm) {
			thread, err := s.threadIDs(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			mail := set.Mailer.Reply(c, r.Text, thread)
			mail.Attachments = r.Files
			id, err = s.enqueueMail(ctx, tx, c, contact.KindOut, r.Author, mail, r.Suggestion, at)
			if err != nil {
				return err
			}
		} else if c.Channel == contact.ChannelWhatsApp {
			if id, err = s.whatsAppReplyTx(ctx, tx, c, r.Author, r.Text, r.Suggestion, at); err != nil {
				return err
			}
		} else {
			id, err = s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindOut, Channel: c.Channel,
				Author: r.Author, Body: r.Text, SuggestionUsed: r.Suggestion, CreatedAt: at})
			if err != nil {
				return err
			}
		}
		if r.AuthorName != "" {
			if _, err := tx.Exec(ctx, `UPDATE contact_messages SET author_name = ? WHERE id = ?`, truncateRunes(r.AuthorName, 200), id); err != nil {
				return err
			}
		}
		if c.FirstResponseAt.IsZero() {
			if _, err := tx.Exec(ctx, `UPDATE contact_conversations SET first_response_at = ? WHERE id = ?`, at, c.ID); err != nil {
				return err
			}
		}
		return s.setStateTx(ctx, tx, c, r.State, at, set)
	})
	return id, err
}

// AddNote stores an internal note; it is never sent to the resident.
func (s *Store) AddNote(ctx context.Context, conversationID int64, author, text string) (int64, error) {
	if strings.TrimSpace(text) == "" {
		return 0, fmt.Errorf("%w: empty note", contact.ErrInvalid)
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		at := s.now()
		id, err = s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindNote, Channel: c.Channel,
			Author: author, Body: text, CreatedAt: at})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE contact_conversations SET updated_at = ? WHERE id = ?`, at, c.ID)
		return err
	})
	return id, err
}

// threadIDs are the Message-IDs of a conversation's e-mails, oldest first, for In-Reply-To and References.
func (s *Store) threadIDs(ctx context.Context, tx *Tx, conversationID int64) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT mail_id FROM contact_messages WHERE conversation_id = ? AND mail_id IS NOT NULL
		ORDER BY id DESC LIMIT 20`, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append([]string{id}, ids...)
	}
	return ids, rows.Err()
}

// enqueueMail stores an outbound message and its e-mail in the outbox, in the caller's transaction.
func (s *Store) enqueueMail(ctx context.Context, tx *Tx, c contact.Conversation, kind, author string, m contact.OutMail,
	suggestion string, at time.Time) (int64, error) {
	body := m.Body
	if m.ThreadBody != "" {
		body = m.ThreadBody
	}
	id, err := s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: kind, Channel: contact.ChannelEmail,
		Author: author, Subject: m.Subject, Body: body, MailID: m.MailID, InReplyTo: m.InReplyTo,
		Automatic: kind == contact.KindAuto, SuggestionUsed: suggestion, CreatedAt: at, Attachments: m.Attachments})
	if err != nil {
		return 0, err
	}
	outboxID, err := tx.insertID(ctx, `INSERT INTO outbox (message_id, mail_id, recipient, subject, body, in_reply_to, refs, state,
		next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, m.MailID, m.To, m.Subject, m.Body,
		m.InReplyTo, strings.Join(m.References, " "), contact.DeliveryQueued, at, at)
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	// The files of an agent's reply: kept with the message for the thread, and with the mail for the sender.
	for _, a := range m.Attachments {
		if _, err := tx.Exec(ctx, `INSERT INTO outbox_attachments (outbox_id, filename, content_type, data) VALUES (?, ?, ?, ?)`,
			outboxID, a.Filename, a.ContentType, a.Data); err != nil {
			return 0, fmt.Errorf("outbox attachment: %w", err)
		}
	}
	return id, nil
}
