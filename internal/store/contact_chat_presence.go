package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/contact"
)

// lockChatQueueTx serialises the transactions that count the queue before adding to it. SQLite already
// runs one writing transaction at a time; PostgreSQL takes a transaction-scoped advisory lock, one per
// tenant (keyed by the tenant's chat channel), so tenants do not wait for each other.
func (s *Store) lockChatQueueTx(ctx context.Context, tx *Tx) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727275, hashtext(?))`, s.Channel(ChatChannel))
	return err
}

// MarkAgentsSeen records that these agents had a console connection open at at; a row never moves back
// in time, so instances with different views agree on the latest.
func (s *Store) MarkAgentsSeen(ctx context.Context, agents []int64, at time.Time) error {
	if len(agents) == 0 {
		return nil
	}
	at = at.UTC().Truncate(time.Microsecond)
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, id := range agents {
			if _, err := tx.Exec(ctx, `INSERT INTO chat_agent_seen (agent_id, seen_at) VALUES (?, ?)
				ON CONFLICT (agent_id) DO UPDATE SET seen_at = excluded.seen_at WHERE chat_agent_seen.seen_at < excluded.seen_at`,
				id, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark agents seen: %w", err)
	}
	return nil
}

// ChatAgentsSeen counts the agents seen with a console connection since since, on any instance.
func (s *Store) ChatAgentsSeen(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := s.QueryRow(ctx, `SELECT COUNT(*) FROM chat_agent_seen WHERE seen_at >= ?`, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("chat agents seen: %w", err)
	}
	return n, nil
}

// MarkChatsSeen records that a resident's connection to each of these chats was open at at.
func (s *Store) MarkChatsSeen(ctx context.Context, chats []int64, at time.Time) error {
	at = at.UTC().Truncate(time.Microsecond)
	for len(chats) > 0 {
		n := min(len(chats), 500)
		args := []any{at, ChatEnded, at}
		for _, id := range chats[:n] {
			args = append(args, id)
		}
		if _, err := s.Exec(ctx, `UPDATE contact_chat_sessions SET resident_seen_at = ? WHERE state <> ?
			AND (resident_seen_at IS NULL OR resident_seen_at < ?)
			AND conversation_id IN (`+strings.TrimSuffix(strings.Repeat("?, ", n), ", ")+`)`, args...); err != nil {
			return fmt.Errorf("mark chats seen: %w", err)
		}
		chats = chats[n:]
	}
	return nil
}

// StaleWaitingChats lists waiting chats no resident connection was seen for since before, oldest first.
func (s *Store) StaleWaitingChats(ctx context.Context, before time.Time, limit int) ([]int64, error) {
	rows, err := s.Query(ctx, `SELECT conversation_id FROM contact_chat_sessions WHERE state = ?
		AND COALESCE(resident_seen_at, created_at) < ? ORDER BY created_at, conversation_id LIMIT ?`, ChatWaiting, before.UTC(), limit)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// OrphanedChats lists active chats whose agent has had no console connection on any instance since
// before (and accepted them before that).
func (s *Store) OrphanedChats(ctx context.Context, before time.Time) ([]ChatSession, error) {
	rows, err := s.Query(ctx, `SELECT `+chatColumns+` LEFT JOIN chat_agent_seen a ON a.agent_id = s.agent_id
		WHERE s.state = ? AND s.accepted_at < ? AND (a.seen_at IS NULL OR a.seen_at < ?)
		ORDER BY s.created_at, s.conversation_id LIMIT 1000`, ChatActive, before.UTC(), before.UTC())
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanChat)
}

// ReturnChat puts an active chat of agentID back in the queue (keeping its place by the time it started),
// with an automatic line for the resident. ErrChatState when it is no longer that agent's active chat.
func (s *Store) ReturnChat(ctx context.Context, conversationID, agentID int64, note string) (ChatLine, error) {
	var l ChatLine
	err := s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		res, err := tx.Exec(ctx, `UPDATE contact_chat_sessions SET state = ?, agent_id = NULL, accepted_at = NULL
			WHERE conversation_id = ? AND state = ? AND agent_id = ?`, ChatWaiting, conversationID, ChatActive, agentID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, ErrChatState)
		}
		if l, err = s.addChatLineTx(ctx, tx, conversationID, ChatLine{Kind: contact.KindAuto, Author: "loket", Text: note}, at); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE contact_conversations SET assignee_id = NULL WHERE id = ? AND assignee_id = ?`,
			conversationID, agentID); err != nil {
			return err
		}
		return s.notifyChatTx(ctx, tx, ChatNotice{Chat: conversationID, Kind: NoticeReturned, Seq: l.Seq})
	})
	return l, err
}

// ExpireChat ends a waiting chat no resident connection was seen for since before, like EndChat with the
// note as closing line. ErrChatState when it no longer waits or a connection was seen meanwhile.
func (s *Store) ExpireChat(ctx context.Context, conversationID int64, before time.Time, note string, set contact.Settings) (ChatLine, error) {
	var l ChatLine
	err := s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		// The conditional update takes the row lock first, so an accept or a heartbeat committed meanwhile wins.
		res, err := tx.Exec(ctx, `UPDATE contact_chat_sessions SET ended_at = ? WHERE conversation_id = ? AND state = ?
			AND COALESCE(resident_seen_at, created_at) < ?`, at, conversationID, ChatWaiting, before.UTC())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, ErrChatState)
		}
		l, err = s.endChatTx(ctx, tx, conversationID, note, at, set)
		return err
	})
	return l, err
}
