package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"loket/internal/insight"
)

// ErrTaskNameTaken is returned when another task already has the name.
var ErrTaskNameTaken = errors.New("store: duplicate")

// SaveTask creates a task (ID 0) or updates one, with its article and topic links, in one transaction;
// it returns the task's id. A name that another task has gives ErrTaskNameTaken.
func (s *Store) SaveTask(ctx context.Context, t insight.Task) (int64, error) {
	err := s.InTx(ctx, func(tx *Tx) error {
		var other int64
		err := tx.QueryRow(ctx, `SELECT id FROM insight_tasks WHERE LOWER(name) = LOWER(?) AND id <> ?`, t.Name, t.ID).Scan(&other)
		switch {
		case err == nil:
			return ErrTaskNameTaken
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("check task name: %w", err)
		}
		if t.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO insight_tasks (name, description, target_seconds, updated_at)
				VALUES (?, ?, ?, ?) RETURNING id`, t.Name, t.Description, t.TargetSeconds, s.now()).Scan(&t.ID)
		} else {
			var res sql.Result
			res, err = tx.Exec(ctx, `UPDATE insight_tasks SET name = ?, description = ?, target_seconds = ?, updated_at = ?
				WHERE id = ?`, t.Name, t.Description, t.TargetSeconds, s.now(), t.ID)
			if n, _ := insightAffected(res, err); err == nil && n == 0 {
				return ErrNotFound
			}
		}
		if err != nil {
			return fmt.Errorf("save task: %w", err)
		}
		return replaceTaskLinks(ctx, tx, t)
	})
	return t.ID, err
}

func insightAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func replaceTaskLinks(ctx context.Context, tx *Tx, t insight.Task) error {
	for _, q := range []string{`DELETE FROM insight_task_articles WHERE task_id = ?`, `DELETE FROM insight_task_topics WHERE task_id = ?`} {
		if _, err := tx.Exec(ctx, q, t.ID); err != nil {
			return fmt.Errorf("replace task links: %w", err)
		}
	}
	for _, a := range t.Articles {
		if _, err := tx.Exec(ctx, `INSERT INTO insight_task_articles (task_id, article_id) VALUES (?, ?)`, t.ID, a); err != nil {
			return fmt.Errorf("link article %s: %w", a, err)
		}
	}
	for _, topic := range t.Topics {
		if _, err := tx.Exec(ctx, `INSERT INTO insight_task_topics (task_id, topic) VALUES (?, ?)`, t.ID, topic); err != nil {
			return fmt.Errorf("link topic %s: %w", topic, err)
		}
	}
	return nil
}

// DeleteTask removes a task with its links, votes and test results.
func (s *Store) DeleteTask(ctx context.Context, id int64) error {
	res, err := s.Exec(ctx, `DELETE FROM insight_tasks WHERE id = ?`, id)
	n, err := insightAffected(res, err)
	if err != nil {
		return fmt.Errorf("delete task: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Task returns one task with its links.
func (s *Store) Task(ctx context.Context, id int64) (insight.Task, error) {
	tasks, err := s.tasks(ctx, `WHERE id = ?`, id)
	if err != nil {
		return insight.Task{}, err
	}
	if len(tasks) == 0 {
		return insight.Task{}, ErrNotFound
	}
	return tasks[0], nil
}

// Tasks returns the task catalogue ordered by name, with links.
func (s *Store) Tasks(ctx context.Context) ([]insight.Task, error) {
	return s.tasks(ctx, ``)
}

func (s *Store) tasks(ctx context.Context, where string, args ...any) ([]insight.Task, error) {
	rows, err := s.Query(ctx, `SELECT id, name, description, target_seconds FROM insight_tasks `+where+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	var tasks []insight.Task
	index := map[int64]int{}
	for rows.Next() {
		var t insight.Task
		if err := rows.Scan(&t.ID, &t.Name, &t.Description, &t.TargetSeconds); err != nil {
			rows.Close()
			return nil, err
		}
		index[t.ID] = len(tasks)
		tasks = append(tasks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range []struct {
		sql string
		add func(t *insight.Task, v string)
	}{
		{`SELECT task_id, article_id FROM insight_task_articles ORDER BY article_id`, func(t *insight.Task, v string) { t.Articles = append(t.Articles, v) }},
		{`SELECT task_id, topic FROM insight_task_topics ORDER BY topic`, func(t *insight.Task, v string) { t.Topics = append(t.Topics, v) }},
	} {
		if err := s.eachLink(ctx, q.sql, func(id int64, v string) {
			if i, ok := index[id]; ok {
				q.add(&tasks[i], v)
			}
		}); err != nil {
			return nil, err
		}
	}
	return tasks, nil
}

func (s *Store) eachLink(ctx context.Context, query string, fn func(id int64, v string)) error {
	rows, err := s.Query(ctx, query)
	if err != nil {
		return fmt.Errorf("read task links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		fn(id, v)
	}
	return rows.Err()
}

// TaskNames maps task ids to names, for dashboards.
func (s *Store) TaskNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.Query(ctx, `SELECT id, name FROM insight_tasks`)
	if err != nil {
		return nil, fmt.Errorf("task names: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}

// AddVote stores one survey submission with its picks in one transaction.
func (s *Store) AddVote(ctx context.Context, day string, taskIDs []int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO insight_votes (day) VALUES (?) RETURNING id`, day).Scan(&id); err != nil {
			return fmt.Errorf("store vote: %w", err)
		}
		for _, t := range taskIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO insight_vote_tasks (vote_id, task_id) VALUES (?, ?)`, id, t); err != nil {
				return fmt.Errorf("store vote: %w", err)
			}
		}
		return nil
	})
}

// VoteTotals returns the votes per task (every task, also those without votes) and the number of
// submissions.
func (s *Store) VoteTotals(ctx context.Context) ([]insight.TaskVotes, int, error) {
	return s.VotesBetween(ctx, "0000-01-01", "9999-12-31")
}

// VotesBetween is VoteTotals for the survey submissions from one day to another (YYYY-MM-DD, both
// included).
func (s *Store) VotesBetween(ctx context.Context, from, to string) ([]insight.TaskVotes, int, error) {
	rows, err := s.Query(ctx, `SELECT t.id, t.name, COUNT(x.vote_id) FROM insight_tasks t
		LEFT JOIN (SELECT vt.task_id, vt.vote_id FROM insight_vote_tasks vt JOIN insight_votes v ON v.id = vt.vote_id
			WHERE v.day >= ? AND v.day <= ?) x ON x.task_id = t.id GROUP BY t.id, t.name`, from, to)
	if err != nil {
		return nil, 0, fmt.Errorf("count votes: %w", err)
	}
	var out []insight.TaskVotes
	for rows.Next() {
		var tv insight.TaskVotes
		if err := rows.Scan(&tv.TaskID, &tv.Name, &tv.Votes); err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, tv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var submissions int
	if err := s.QueryRow(ctx, `SELECT COUNT(*) FROM insight_votes WHERE day >= ? AND day <= ?`, from, to).Scan(&submissions); err != nil {
		return nil, 0, fmt.Errorf("count submissions: %w", err)
	}
	return out, submissions, nil
}

// AddTaskTest stores the result of a moderated task test.
func (s *Store) AddTaskTest(ctx context.Context, t insight.TaskTest) error {
	_, err := s.Exec(ctx, `INSERT INTO insight_task_tests (task_id, tested_on, participants, successes, median_secs,
		note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.TaskID, t.TestedOn, t.Participants, t.Successes, t.MedianSecs, t.Note, t.CreatedBy, s.now())
	if err != nil {
		return fmt.Errorf("store task test: %w", err)
	}
	return nil
}

// TaskTests returns a task's test results, newest first.
func (s *Store) TaskTests(ctx context.Context, taskID int64) ([]insight.TaskTest, error) {
	rows, err := s.Query(ctx, `SELECT id, task_id, tested_on, participants, successes, median_secs, note, created_by
		FROM insight_task_tests WHERE task_id = ? ORDER BY tested_on DESC, id DESC`, taskID)
	if err != nil {
		return nil, fmt.Errorf("list task tests: %w", err)
	}
	defer rows.Close()
	var out []insight.TaskTest
	for rows.Next() {
		var t insight.TaskTest
		if err := rows.Scan(&t.ID, &t.TaskID, &t.TestedOn, &t.Participants, &t.Successes, &t.MedianSecs, &t.Note, &t.CreatedBy); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
