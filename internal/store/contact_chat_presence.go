package store

import (
	"context"
	"fmt"
	"time"
)

// ReplaceChatPresence records which agents have the chat console open on one instance (agent id ->
// open connections), replacing that instance's previous rows, and drops rows of any instance not seen
// since staleBefore: those instances stopped without saying so.
func (s *Store) ReplaceChatPresence(ctx context.Context, instance string, agents map[int64]int, staleBefore time.Time) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM chat_agent_presence WHERE instance_id = ? OR seen_at < ?`, instance, staleBefore); err != nil {
			return err
		}
		at := now()
		for agent, n := range agents {
			if n <= 0 {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO chat_agent_presence (instance_id, agent_id, connections, seen_at)
				VALUES (?, ?, ?, ?)`, instance, agent, n, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("chat presence: %w", err)
	}
	return nil
}

// ChatAgentsOnline counts the agents with the chat console open on any instance seen since since.
func (s *Store) ChatAgentsOnline(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := s.QueryRow(ctx, `SELECT COUNT(DISTINCT agent_id) FROM chat_agent_presence WHERE seen_at >= ?`, since).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("chat agents online: %w", err)
	}
	return n, nil
}
