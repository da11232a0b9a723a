package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/insight"
)

// AddEvents stores a batch of events in one transaction; the recorder calls it with compacted batches.
func (s *Store) AddEvents(ctx context.Context, events []insight.Event) error {
	if len(events) == 0 {
		return nil
	}
	return s.InTx(ctx, func(tx *Tx) error {
		for start := 0; start < len(events); start += 1000 {
			chunk := events[start:min(start+1000, len(events))]
			var b strings.Builder
			b.WriteString(`INSERT INTO insight_events (day, type, channel, task_id, article_id, topic, n, value) VALUES `)
			args := make([]any, 0, len(chunk)*8)
			for i, e := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(args, e.Day, e.Type, e.Channel, e.TaskID, e.ArticleID, e.Topic, max(e.N, 1), e.Value)
			}
			if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("store events: %w", err)
			}
		}
		return nil
	})
}

// RollupRow is one row of the daily rollup: how often a type of event happened on a day, through a
// channel, for a task (0: no task known).
type RollupRow struct {
	Day     string
	Type    string
	Channel string
	TaskID  int64
	N       int64
	Value   int64
}

type rollupKey struct {
	day, typ, channel string
	task              int64
}

// rollup adds up rows before they are written, because one statement may not touch a row twice.
type rollup map[rollupKey]*RollupRow

func (r rollup) add(day, typ, channel string, task, n, value int64) {
	k := rollupKey{day, typ, channel, task}
	if row, ok := r[k]; ok {
		row.N += n
		row.Value += value
		return
	}
	r[k] = &RollupRow{Day: day, Type: typ, Channel: channel, TaskID: task, N: n, Value: value}
}

// RollupResult counts what a rollup run took in.
type RollupResult struct {
	Events, Feedback, Searches, Clicks int
}

// searchSettle is how long the rollup leaves recent searches alone: the search logger writes in batches,
// so a search from just before the run may not be stored yet.
const searchSettle = 2 * time.Minute

// rollupLockKey is the PostgreSQL advisory lock that serialises rollups across instances ("loketrol").
const rollupLockKey = 0x6c6f6b6574726f6c

// RollupInsight adds new events, feedback, searches and search clicks to the daily rollup, in one
// transaction, and removes the events it took in. Articles and topics are mapped to tasks as the task
// catalogue links them at this moment; relinking a task does not change earlier days.
//
// Runs are serialised, so two instances (or the manager's refresh button beside the background job)
// never count the same event twice: on PostgreSQL by a transaction-scoped advisory lock, held on the
// transaction's own connection and released by its commit, so every statement after it sees what the
// previous run committed; on SQLite by the write lock every transaction takes at its start.
func (s *Store) RollupInsight(ctx context.Context) (RollupResult, error) {
	var res RollupResult
	err := s.InTx(ctx, func(tx *Tx) error {
		res = RollupResult{}
		if s.dialect == Postgres {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(rollupLockKey)); err != nil {
				return fmt.Errorf("take rollup lock: %w", err)
			}
		}
		links, err := taskLinks(ctx, tx)
		if err != nil {
			return err
		}
		acc := rollup{}
		if res.Events, err = rollupEvents(ctx, tx, links, acc); err != nil {
			return err
		}
		if res.Feedback, err = rollupFeedback(ctx, tx, links, acc); err != nil {
			return err
		}
		if res.Searches, res.Clicks, err = rollupSearches(ctx, tx, links, acc); err != nil {
			return err
		}
		if err := upsertRollup(ctx, tx, acc); err != nil {
			return err
		}
		return setMark(ctx, tx, "rollup", "")
	})
	return res, err
}

// taskLinkMap maps articles and topics (lower case) to the task that links them; the lowest task id wins.
type taskLinkMap struct {
	articles, topics map[string]int64
}

func (l taskLinkMap) task(e insight.Event) int64 {
	if e.TaskID != 0 {
		return e.TaskID
	}
	if id, ok := l.articles[e.ArticleID]; ok && e.ArticleID != "" {
		return id
	}
	if e.Topic != "" {
		if id, ok := l.topics[strings.ToLower(e.Topic)]; ok {
			return id
		}
		// A phone or counter registration names its subject by the article the agent picked.
		return l.articles[e.Topic]
	}
	return 0
}

func taskLinks(ctx context.Context, tx *Tx) (taskLinkMap, error) {
	l := taskLinkMap{articles: map[string]int64{}, topics: map[string]int64{}}
	for _, q := range []struct {
		sql   string
		m     map[string]int64
		lower bool
	}{
		{`SELECT task_id, article_id FROM insight_task_articles ORDER BY task_id DESC`, l.articles, false},
		{`SELECT task_id, topic FROM insight_task_topics ORDER BY task_id DESC`, l.topics, true},
	} {
		rows, err := tx.Query(ctx, q.sql)
		if err != nil {
			return l, fmt.Errorf("read task taskLinkMap: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return l, err
			}
			if q.lower {
				name = strings.ToLower(name)
			}
			q.m[name] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return l, err
		}
	}
	return l, nil
}

func rollupEvents(ctx context.Context, tx *Tx, l taskLinkMap, acc rollup) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, day, type, channel, task_id, article_id, topic, n, value
		FROM insight_events ORDER BY id LIMIT 200000`)
	if err != nil {
		return 0, fmt.Errorf("read events: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var e insight.Event
		if err := rows.Scan(&id, &e.Day, &e.Type, &e.Channel, &e.TaskID, &e.ArticleID, &e.Topic, &e.N, &e.Value); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
		acc.add(e.Day, e.Type, e.Channel, l.task(e), e.N, e.Value)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// Delete exactly the rows read: an event committed meanwhile stays for the next run.
	for start := 0; start < len(ids); start += 5000 {
		chunk := ids[start:min(start+5000, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := `DELETE FROM insight_events WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("remove rolled-up events: %w", err)
		}
		// Fewer rows than read means another run took them in: give up rather than count them twice.
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return 0, errors.Join(err, fmt.Errorf("remove rolled-up events: %d of %d were already taken in", n, len(chunk)))
		}
	}
	return len(ids), nil
}

func rollupFeedback(ctx context.Context, tx *Tx, l taskLinkMap, acc rollup) (int, error) {
	mark, err := getMark(ctx, tx, "feedback")
	if err != nil {
		return 0, err
	}
	last, _ := strconv.ParseInt(mark, 10, 64)
	rows, err := tx.Query(ctx, `SELECT id, article_id, useful, created_at FROM feedback WHERE id > ? ORDER BY id`, last)
	if err != nil {
		return 0, fmt.Errorf("read feedback: %w", err)
	}
	n := 0
	for rows.Next() {
		var id int64
		var article string
		var useful bool
		var at time.Time
		if err := rows.Scan(&id, &article, &useful, &at); err != nil {
			rows.Close()
			return 0, err
		}
		typ := insight.TypeFeedbackNo
		if useful {
			typ = insight.TypeFeedbackYes
		}
		acc.add(insight.Day(at), typ, insight.ChannelWeb, l.task(insight.Event{ArticleID: article}), 1, 0)
		last = max(last, id)
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, setMark(ctx, tx, "feedback", strconv.FormatInt(last, 10))
}

// rollupSearches takes in searches and clicks from the last mark up to a moment that has settled.
func rollupSearches(ctx context.Context, tx *Tx, l taskLinkMap, acc rollup) (int, int, error) {
	mark, err := getMark(ctx, tx, "search")
	if err != nil {
		return 0, 0, err
	}
	from := time.Time{}
	if mark != "" {
		if from, err = time.Parse(time.RFC3339Nano, mark); err != nil {
			return 0, 0, fmt.Errorf("search rollup mark %q: %w", mark, err)
		}
	}
	until := tx.s.now().Add(-searchSettle)
	rows, err := tx.Query(ctx, `SELECT results, created_at FROM search_log WHERE created_at >= ? AND created_at < ?`, from, until)
	if err != nil {
		return 0, 0, fmt.Errorf("read search log: %w", err)
	}
	searches := 0
	for rows.Next() {
		var results int64
		var at time.Time
		if err := rows.Scan(&results, &at); err != nil {
			rows.Close()
			return 0, 0, err
		}
		day := insight.Day(at)
		acc.add(day, insight.TypeSearch, insight.ChannelWeb, 0, 1, results)
		if results == 0 {
			acc.add(day, insight.TypeSearchZero, insight.ChannelWeb, 0, 1, 0)
		}
		searches++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	rows, err = tx.Query(ctx, `SELECT article_id, created_at FROM search_clicks WHERE created_at >= ? AND created_at < ?`, from, until)
	if err != nil {
		return 0, 0, fmt.Errorf("read search clicks: %w", err)
	}
	clicks := 0
	for rows.Next() {
		var article string
		var at time.Time
		if err := rows.Scan(&article, &at); err != nil {
			rows.Close()
			return 0, 0, err
		}
		acc.add(insight.Day(at), insight.TypeSearchClick, insight.ChannelWeb, l.task(insight.Event{ArticleID: article}), 1, 0)
		clicks++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	return searches, clicks, setMark(ctx, tx, "search", until.Format(time.RFC3339Nano))
}

func upsertRollup(ctx context.Context, tx *Tx, acc rollup) error {
	rows := make([]RollupRow, 0, len(acc))
	for _, r := range acc {
		rows = append(rows, *r)
	}
	// In key order the writes go through the rollup's index in sequence rather than at random: a year of
	// demo rows is written three times faster.
	slices.SortFunc(rows, func(a, b RollupRow) int {
		return cmp.Or(strings.Compare(a.Day, b.Day), strings.Compare(a.Type, b.Type), strings.Compare(a.Channel, b.Channel),
			cmp.Compare(a.TaskID, b.TaskID))
	})
	return addRollupRows(ctx, tx, rows)
}

// addRollupRows adds rows to the daily rollup; rows for the same day, type, channel and task add up.
func addRollupRows(ctx context.Context, tx *Tx, rows []RollupRow) error {
	for start := 0; start < len(rows); start += 1000 {
		chunk := rows[start:min(start+1000, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO insight_daily (day, type, channel, task_id, n, value) VALUES `)
		args := make([]any, 0, len(chunk)*6)
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?)")
			args = append(args, r.Day, r.Type, r.Channel, r.TaskID, r.N, r.Value)
		}
		b.WriteString(` ON CONFLICT (day, type, channel, task_id) DO UPDATE SET n = insight_daily.n + excluded.n,
			value = insight_daily.value + excluded.value`)
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("write rollup: %w", err)
		}
	}
	return nil
}

func getMark(ctx context.Context, tx *Tx, source string) (string, error) {
	var mark string
	err := tx.QueryRow(ctx, `SELECT mark FROM insight_rollup_state WHERE source = ?`, source).Scan(&mark)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read rollup mark: %w", err)
	}
	return mark, nil
}

func setMark(ctx context.Context, tx *Tx, source, mark string) error {
	_, err := tx.Exec(ctx, `INSERT INTO insight_rollup_state (source, mark, rolled_at) VALUES (?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET mark = excluded.mark, rolled_at = excluded.rolled_at`, source, mark, tx.s.now())
	if err != nil {
		return fmt.Errorf("write rollup mark: %w", err)
	}
	return nil
}

// RolledAt is when the rollup last ran; dashboards show their age with it. Zero when it never ran.
func (s *Store) RolledAt(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := s.QueryRow(ctx, `SELECT rolled_at FROM insight_rollup_state WHERE source = 'rollup'`).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return t, fmt.Errorf("read rollup time: %w", err)
	}
	return t, nil
}
