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

const conversationColumns = `c.id, c.reference, c.party_id, p.name, COALESCE(a.address, ''), c.channel, c.subject, c.state,
	c.team, COALESCE(c.assignee_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''), c.topic_type, c.topic_id, COALESCE(c.merged_into, 0),
	c.automatic, c.created_at, c.updated_at, c.first_response_at, c.closed_at, c.waiting_since, c.paused_seconds,
	(SELECT COUNT(*) FROM contact_messages m WHERE m.conversation_id = c.id AND m.kind <> 'note')`

// conversationFrom joins what a conversation shows: its party, the party's first e-mail address, its assignee.
const conversationFrom = ` FROM contact_conversations c
	JOIN contact_parties p ON p.id = c.party_id
	LEFT JOIN contact_digital_addresses a ON a.id = (SELECT MIN(id) FROM contact_digital_addresses WHERE party_id = c.party_id AND kind = 'email')
	LEFT JOIN staff_users u ON u.id = c.assignee_id`

func scanConversation(row scanner) (contact.Conversation, error) {
	return scanConversationWith(row)
}

// scanConversationWith scans conversationColumns and then the extra columns a query adds.
func scanConversationWith(row scanner, extra ...any) (contact.Conversation, error) {
	var c contact.Conversation
	var first, closed, waiting sql.NullTime
	var paused int64
	err := row.Scan(append([]any{&c.ID, &c.Reference, &c.PartyID, &c.PartyName, &c.PartyEmail, &c.Channel, &c.Subject, &c.State,
		&c.Team, &c.AssigneeID, &c.AssigneeName, &c.TopicType, &c.TopicID, &c.MergedInto, &c.Automatic, &c.CreatedAt,
		&c.UpdatedAt, &first, &closed, &waiting, &paused, &c.Messages}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return c, contact.ErrNotFound
	}
	c.FirstResponseAt, c.ClosedAt, c.WaitingSince = first.Time, closed.Time, waiting.Time
	c.Paused = time.Duration(paused) * time.Second
	return c, err
}

// Conversation returns one conversation with its party.
func (s *Store) Conversation(ctx context.Context, id int64) (contact.Conversation, error) {
	return scanConversation(s.QueryRow(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE c.id = ?`, id))
}

func (s *Store) conversationTx(ctx context.Context, tx *Tx, id int64) (contact.Conversation, error) {
	return scanConversation(tx.QueryRow(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE c.id = ?`, id))
}

// ConversationFilter selects conversations for the inbox; empty fields match everything.
type ConversationFilter struct {
	State      string
	Channel    string
	Team       string
	AssigneeID int64 // -1: nobody
	PartyID    int64
	Limit      int
}

// Conversations lists conversations that were not merged into another, newest first.
func (s *Store) Conversations(ctx context.Context, f ConversationFilter) ([]contact.Conversation, error) {
	where := []string{"c.merged_into IS NULL"}
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.State != "" {
		add("c.state = ?", f.State)
	}
	if f.Channel != "" {
		add("c.channel = ?", f.Channel)
	}
	if f.Team != "" {
		add("c.team = ?", f.Team)
	}
	switch {
	case f.AssigneeID > 0:
		add("c.assignee_id = ?", f.AssigneeID)
	case f.AssigneeID < 0:
		where = append(where, "c.assignee_id IS NULL")
	}
	if f.PartyID > 0 {
		add("c.party_id = ?", f.PartyID)
	}
	if f.Limit <= 0 || f.Limit > 5000 {
		f.Limit = 5000
	}
	q := `SELECT ` + conversationColumns + conversationFrom + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY c.id DESC LIMIT ?`
	rows, err := s.Query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return scanAll(rows, scanConversation)
}

// ConversationsSince lists every conversation created since t, for service-level figures.
func (s *Store) ConversationsSince(ctx context.Context, t time.Time) ([]contact.Conversation, error) {
	rows, err := s.Query(ctx, `SELECT `+conversationColumns+conversationFrom+
		` WHERE c.merged_into IS NULL AND c.automatic = ? AND c.created_at >= ? ORDER BY c.id`, false, t.UTC())
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanConversation)
}

// AssignConversation gives a conversation to a team and a colleague (0: nobody); a new one becomes open.
func (s *Store) AssignConversation(ctx context.Context, id int64, team string, assigneeID int64) error {
	var assignee any
	if assigneeID > 0 {
		assignee = assigneeID
	}
	res, err := s.Exec(ctx, `UPDATE contact_conversations SET team = ?, assignee_id = ?, updated_at = ?,
		state = CASE WHEN state = 'new' THEN 'open' ELSE state END WHERE id = ?`, team, assignee, s.now(), id)
	return oneRowChanged(res, err)
}

// SetConversationTopic links the conversation to its onderwerpobject: a knowledge-base article or a task.
func (s *Store) SetConversationTopic(ctx context.Context, id int64, topicType, topicID string) error {
	res, err := s.Exec(ctx, `UPDATE contact_conversations SET topic_type = ?, topic_id = ?, updated_at = ? WHERE id = ?`,
		topicType, topicID, s.now(), id)
	return oneRowChanged(res, err)
}

// SetConversationState moves a conversation to a state. Waiting for the resident stops the service-level
// clock; closing sends the satisfaction question once.
func (s *Store) SetConversationState(ctx context.Context, id int64, state string, set contact.Settings) error {
	return s.InTx(ctx, func(tx *Tx) error {
		c, err := s.conversationTx(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.setStateTx(ctx, tx, c, state, s.now(), set)
	})
}

func (s *Store) setStateTx(ctx context.Context, tx *Tx, c contact.Conversation, state string, at time.Time, set contact.Settings) error {
	move, err := set.Levels.Move(c, state, at)
	if err != nil {
		return err
	}
	if err := s.applyTransition(ctx, tx, c, move, at, set.Levels); err != nil || !move.Closed {
		return err
	}
	if err := recordUnansweredQuestion(ctx, tx, c, at); err != nil {
		return err
	}
	return s.askSatisfaction(ctx, tx, c, at, set)
}

// applyTransition writes the clock fields of a state change and the new due time.
func (s *Store) applyTransition(ctx context.Context, tx *Tx, c contact.Conversation, move contact.Transition, at time.Time,
	levels contact.ServiceLevels) error {
	_, err := tx.Exec(ctx, `UPDATE contact_conversations SET state = ?, waiting_since = ?, paused_seconds = ?, closed_at = ?,
		updated_at = ? WHERE id = ?`, move.State, timeOrNull(move.WaitingSince), int64(move.Paused/time.Second),
		timeOrNull(move.ClosedAt), at, c.ID)
	if err != nil {
		return err
	}
	return s.refreshDue(ctx, tx, c.ID, levels)
}

// MergeConversations moves every message and task of conversation from into conversation into; both must
// belong to the same party. The merged conversation stays, closed, pointing at the one it joined.
func (s *Store) MergeConversations(ctx context.Context, from, into int64) error {
	if from == into {
		return fmt.Errorf("%w: a conversation cannot be merged with itself", contact.ErrInvalid)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		a, err := s.conversationTx(ctx, tx, from)
		if err != nil {
			return err
		}
		b, err := s.conversationTx(ctx, tx, into)
		if err != nil {
			return err
		}
		if a.PartyID != b.PartyID {
			return contact.ErrNotMergeable
		}
		if a.MergedInto != 0 || b.MergedInto != 0 {
			return fmt.Errorf("%w: one of the conversations was merged already", contact.ErrInvalid)
		}
		for _, q := range []string{
			`UPDATE contact_messages SET conversation_id = ? WHERE conversation_id = ?`,
			`UPDATE contact_tasks SET conversation_id = ? WHERE conversation_id = ?`,
		} {
			if _, err := tx.Exec(ctx, q, into, from); err != nil {
				return err
			}
		}
		at := s.now()
		_, err = tx.Exec(ctx, `UPDATE contact_conversations SET merged_into = ?, state = 'closed', closed_at = COALESCE(closed_at, ?),
			updated_at = ?, due_at = ? WHERE id = ?`, into, at, at, contact.NoDue, from)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE contact_conversations SET updated_at = ? WHERE id = ?`, at, into)
		return err
	})
}

func oneRowChanged(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, contact.ErrNotFound)
	}
	return nil
}
