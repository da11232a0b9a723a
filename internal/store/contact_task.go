package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"loket/internal/contact"
)

// AddTask hands work on a conversation to a back-office team as an interne taak, optionally to one colleague
// and with a due time.
func (s *Store) AddTask(ctx context.Context, t contact.Task) (int64, error) {
	if strings.TrimSpace(t.Team) == "" || strings.TrimSpace(t.Description) == "" {
		return 0, fmt.Errorf("%w: a task needs a team and a description", contact.ErrInvalid)
	}
	var assignee, due any
	if t.AssigneeID > 0 {
		assignee = t.AssigneeID
	}
	if !t.Due.IsZero() {
		due = t.Due.UTC()
	}
	at := s.now()
	var id int64
	err := s.QueryRow(ctx, `INSERT INTO contact_tasks (conversation_id, team, description, state, created_by, created_at,
		assignee_id, due_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?) RETURNING id`,
		t.ConversationID, t.Team, t.Description, t.CreatedBy, at, assignee, due, at).Scan(&id)
	return id, err
}

// ConversationTasks lists the tasks of a conversation, oldest first.
func (s *Store) ConversationTasks(ctx context.Context, conversationID int64) ([]contact.Task, error) {
	rows, err := s.Query(ctx, `SELECT id, conversation_id, team, COALESCE(assignee_id, 0), description, state, due_at, outcome,
		created_by, created_at FROM contact_tasks WHERE conversation_id = ? ORDER BY id`, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []contact.Task
	for rows.Next() {
		var t contact.Task
		var due sql.NullTime
		if err := rows.Scan(&t.ID, &t.ConversationID, &t.Team, &t.AssigneeID, &t.Description, &t.State, &due, &t.Outcome,
			&t.CreatedBy, &t.CreatedAt); err != nil {
			return nil, err
		}
		t.Due = due.Time
		list = append(list, t)
	}
	return list, rows.Err()
}

// StaffTeams lists the teams staff members belong to, for assignment.
func (s *Store) StaffTeams(ctx context.Context) ([]string, error) {
	rows, err := s.Query(ctx, `SELECT DISTINCT team FROM staff_users WHERE team <> '' ORDER BY team`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}
