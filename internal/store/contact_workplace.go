package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/contact"
)

// TouchPresence records that a colleague has a conversation open (typing or not) at at.
func (s *Store) TouchPresence(ctx context.Context, conversationID, staffID int64, typing bool, at time.Time) error {
	_, err := s.Exec(ctx, `INSERT INTO contact_presence (conversation_id, staff_id, typing, seen_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (conversation_id, staff_id) DO UPDATE SET typing = excluded.typing, seen_at = excluded.seen_at`,
		conversationID, staffID, typing, at.UTC())
	return err
}

// LeavePresence records that a colleague closed a conversation.
func (s *Store) LeavePresence(ctx context.Context, conversationID, staffID int64) error {
	_, err := s.Exec(ctx, `DELETE FROM contact_presence WHERE conversation_id = ? AND staff_id = ?`, conversationID, staffID)
	return err
}

// Viewers lists the colleagues seen on a conversation since since, the latest first.
func (s *Store) Viewers(ctx context.Context, conversationID int64, since time.Time) ([]contact.Viewer, error) {
	rows, err := s.Query(ctx, `SELECT p.staff_id, COALESCE(NULLIF(u.name, ''), u.email), p.typing, p.seen_at
		FROM contact_presence p JOIN staff_users u ON u.id = p.staff_id
		WHERE p.conversation_id = ? AND p.seen_at >= ? ORDER BY p.seen_at DESC`, conversationID, since.UTC())
	if err != nil {
		return nil, err
	}
	return scanAll(rows, func(row scanner) (contact.Viewer, error) {
		var v contact.Viewer
		return v, row.Scan(&v.StaffID, &v.Name, &v.Typing, &v.SeenAt)
	})
}

// LatestReply is the newest answer sent in a conversation.
func (s *Store) LatestReply(ctx context.Context, conversationID int64) (contact.Message, error) {
	var m contact.Message
	err := s.QueryRow(ctx, `SELECT id, author, author_name, created_at FROM contact_messages
		WHERE conversation_id = ? AND kind = 'out' ORDER BY id DESC LIMIT 1`, conversationID).
		Scan(&m.ID, &m.Author, &m.AuthorName, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return m, contact.ErrNotFound
	}
	return m, err
}

// SaveTemplate stores a reply template (a new one when ID is 0) and returns its id.
func (s *Store) SaveTemplate(ctx context.Context, t contact.Template) (int64, error) {
	at := s.now()
	if t.ID == 0 {
		var id int64
		err := s.QueryRow(ctx, `INSERT INTO contact_templates (team, name, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
			RETURNING id`, t.Team, t.Name, t.Body, t.UpdatedBy, at).Scan(&id)
		if err != nil && isUniqueViolation(err) {
			return 0, fmt.Errorf("%w: a template of this team has this name", contact.ErrDuplicate)
		}
		return id, err
	}
	res, err := s.Exec(ctx, `UPDATE contact_templates SET team = ?, name = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
		t.Team, t.Name, t.Body, t.UpdatedBy, at, t.ID)
	if err != nil && isUniqueViolation(err) {
		return 0, fmt.Errorf("%w: a template of this team has this name", contact.ErrDuplicate)
	}
	return t.ID, oneRowChanged(res, err)
}

// DeleteTemplate removes a reply template.
func (s *Store) DeleteTemplate(ctx context.Context, id int64) error {
	res, err := s.Exec(ctx, `DELETE FROM contact_templates WHERE id = ?`, id)
	return oneRowChanged(res, err)
}

const templateColumns = `id, team, name, body, updated_by, updated_at FROM contact_templates`

func scanTemplate(row scanner) (contact.Template, error) {
	var t contact.Template
	err := row.Scan(&t.ID, &t.Team, &t.Name, &t.Body, &t.UpdatedBy, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return t, contact.ErrNotFound
	}
	return t, err
}

// Template returns one reply template.
func (s *Store) Template(ctx context.Context, id int64) (contact.Template, error) {
	return scanTemplate(s.QueryRow(ctx, `SELECT `+templateColumns+` WHERE id = ?`, id))
}

// Templates lists the reply templates of a team (every team when team is empty), by name.
func (s *Store) Templates(ctx context.Context, team string) ([]contact.Template, error) {
	q, args := `SELECT `+templateColumns+` ORDER BY team, name LIMIT 500`, []any{}
	if team != "" {
		q, args = `SELECT `+templateColumns+` WHERE team = ? ORDER BY name LIMIT 500`, []any{team}
	}
	rows, err := s.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanTemplate)
}

// WaitingConversation is a conversation waiting for the resident, with whether they were reminded.
type WaitingConversation = contact.WaitingConversation

// WaitingConversations lists conversations that have waited for the resident since before before.
func (s *Store) WaitingConversations(ctx context.Context, before time.Time, limit int) ([]contact.WaitingConversation, error) {
	rows, err := s.Query(ctx, `SELECT `+conversationColumns+`, c.reminded_at`+conversationFrom+`
		WHERE c.state = 'waiting' AND c.waiting_since < ? AND c.merged_into IS NULL ORDER BY c.waiting_since LIMIT ?`, before.UTC(), limit)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, func(row scanner) (contact.WaitingConversation, error) {
		var reminded sql.NullTime
		c, err := scanConversationWith(row, &reminded)
		return contact.WaitingConversation{Conversation: c, RemindedAt: reminded.Time}, err
	})
}

// RemindWaiting sends the reminder of a waiting conversation through the outbox, once.
func (s *Store) RemindWaiting(ctx context.Context, id int64, mail contact.OutMail) error {
	return s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, id)
		if err != nil {
			return err
		}
		at := s.now()
		res, err := tx.Exec(ctx, `UPDATE contact_conversations SET reminded_at = ? WHERE id = ? AND state = 'waiting' AND reminded_at IS NULL`, at, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // answered or reminded meanwhile: nothing to send
		}
		_, err = s.enqueueMail(ctx, tx, c, contact.KindAuto, "loket", mail, "", at)
		return err
	})
}

// CloseWaiting closes a conversation that is still waiting and tells the resident as the notice says (an
// e-mail, a WhatsApp message or template, or a note when neither can go), in one transaction.
func (s *Store) CloseWaiting(ctx context.Context, id int64, n contact.ClosingNotice, set contact.Settings) error {
	return s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, id)
		if err != nil || c.State != contact.StateWaiting {
			return err // the resident answered meanwhile: it stays open
		}
		at := s.now()
		note := n.Note
		switch {
		case n.WhatsApp != nil:
			_, err := s.enqueueWhatsAppWith(ctx, tx, c, "loket", *n.WhatsApp, at)
			if !errors.Is(err, contact.ErrInvalid) { // ErrInvalid: the person has no WhatsApp number; the note says so
				note = ""
			} else {
				err = nil
			}
			if err != nil {
				return err
			}
		case c.PartyEmail != "" && !c.Automatic && n.Mail.To != "":
			if _, err := s.enqueueMail(ctx, tx, c, contact.KindAuto, "loket", n.Mail, "", at); err != nil {
				return err
			}
		}
		if note != "" {
			if _, err := s.insertMessage(ctx, tx, contact.Message{ConversationID: c.ID, Kind: contact.KindNote, Channel: c.Channel,
				Author: "loket", Body: note, CreatedAt: at}); err != nil {
				return err
			}
		}
		return s.setStateTx(ctx, tx, c, contact.StateClosed, at, set)
	})
}
