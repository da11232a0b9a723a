package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/request"
)

// termFactColumns are the columns of request.TermFacts, in the order of termFactValues.
var termFactColumns = []string{"term_version", "term_moves", "term_due", "term_urgent", "term_doc", "received_month",
	"procedure_name", "product_title", "decided_in_time", "suspended_days", "penalty_from", "penalty_euros"}

// termFactValues derives the term facts of r as of now and returns them, and their values for termFactColumns.
func termFactValues(r request.Request, now time.Time) (request.TermFacts, []any, error) {
	f, err := request.TermFactsOf(r, now)
	if err != nil {
		return f, nil, err
	}
	doc := ""
	if f.Moves {
		b, err := json.Marshal(f.Term)
		if err != nil {
			return f, nil, err
		}
		doc = string(b)
	}
	return f, []any{request.TermFactsVersion, f.Moves, dayText(f.Due), f.Urgent, doc, f.Month, f.ProcedureName, r.ProductTitle,
		f.DecidedInTime, f.SuspendedDays, dayText(f.PenaltyFrom), f.PenaltyEuros}, nil
}

// dayText writes a civil date as the columns keep it: YYYY-MM-DD, or ” for none.
func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// termFactsAssignments is "term_version = ?, term_moves = ?, …" for an UPDATE.
func termFactsAssignments() string {
	return strings.Join(termFactColumns, " = ?, ") + " = ?"
}

// DeriveTermFacts derives the term facts of rows that have none of this version: rows from before the
// facts existed, written around the store, or derived by older rules. The app calls it at start-up (after
// an upgrade it takes a while: 100,000 rows took 26 s on SQLite under load); it is an indexed look that finds nothing once
// every row is current, so the queue and the figures call it on every read too.
func (s *Store) DeriveTermFacts(ctx context.Context) error {
	for {
		rows, err := s.Query(ctx, `SELECT id, data FROM requests WHERE term_version < ? ORDER BY term_version, id LIMIT 2000`,
			request.TermFactsVersion)
		if err != nil {
			return fmt.Errorf("requests without term facts: %w", err)
		}
		list, err := scanAll(rows, scanRequest)
		if err != nil || len(list) == 0 {
			return err
		}
		now := s.now()
		err = s.InTx(ctx, func(tx *Tx) error {
			for _, r := range list {
				if _, version, _, err := s.storedFigureCount(ctx, tx, r.ID); err != nil {
					return err
				} else if version >= request.TermFactsVersion {
					continue // a change committed since the read already wrote current facts
				}
				f, vals, err := termFactValues(r, now)
				if err != nil {
					return err
				}
				if err := s.moveFigureCount(ctx, tx, r, f); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE requests SET `+termFactsAssignments()+` WHERE id = ?`, append(vals, r.ID)...); err != nil {
					return fmt.Errorf("derive term facts: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// queueWhere is the condition for the open requests of a filter whose term moves or not.
func queueWhere(f QueueFilter, moves bool) (string, []any) {
	where, args := []string{"status <> 'besloten'", "term_moves = ?"}, []any{moves}
	if f.Team != "" {
		where, args = append(where, "team = ?"), append(args, f.Team)
	}
	if f.Assignee != "" {
		where, args = append(where, "assignee = ?"), append(args, f.Assignee)
	}
	return strings.Join(where, " AND "), args
}

// RequestQueueCounts counts per section, on today, the open requests whose term does not move: late when
// the deadline is before today, urgent when not late and urgent, the rest in the work supply.
func (s *Store) RequestQueueCounts(ctx context.Context, f QueueFilter, today time.Time) (map[request.QueueSection]int, error) {
	if err := s.DeriveTermFacts(ctx); err != nil {
		return nil, err
	}
	where, args := queueWhere(f, false)
	day := dayText(today)
	var late, urgent, all int
	err := s.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN term_due < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN term_due >= ? AND term_urgent = TRUE THEN 1 ELSE 0 END), 0), COUNT(*)
		FROM requests WHERE `+where, append([]any{day, day}, args...)...).Scan(&late, &urgent, &all)
	if err != nil {
		return nil, fmt.Errorf("count the request queue: %w", err)
	}
	return map[request.QueueSection]int{request.SectionLate: late, request.SectionUrgent: urgent,
		request.SectionOpen: all - late - urgent}, nil
}

// sectionWhere is the condition of a section for terms that do not move (see RequestQueueCounts).
var sectionWhere = map[request.QueueSection]string{
	request.SectionLate:   "term_due < ?",
	request.SectionUrgent: "term_due >= ? AND term_urgent = TRUE",
	request.SectionOpen:   "term_due >= ? AND term_urgent = FALSE",
}

// RequestQueueKeys lists the first limit open requests of a section whose term does not move, nearest
// deadline first, from the index.
func (s *Store) RequestQueueKeys(ctx context.Context, f QueueFilter, sec request.QueueSection, today time.Time, limit int) ([]request.QueueKey, error) {
	cond, ok := sectionWhere[sec]
	if !ok {
		return nil, fmt.Errorf("request queue: unknown section %q", sec)
	}
	where, args := queueWhere(f, false)
	rows, err := s.Query(ctx, `SELECT id, term_due FROM requests WHERE `+where+` AND `+cond+` ORDER BY term_due, id LIMIT ?`,
		append(args, dayText(today), limit)...)
	if err != nil {
		return nil, fmt.Errorf("request queue: %w", err)
	}
	return scanAll(rows, func(row scanner) (request.QueueKey, error) {
		var k request.QueueKey
		var due string
		if err := row.Scan(&k.ID, &due); err != nil {
			return k, err
		}
		k.Due, err = parseDay(due)
		return k, err
	})
}

// RequestQueueDueBefore counts the open requests whose term does not move and ends before day.
func (s *Store) RequestQueueDueBefore(ctx context.Context, f QueueFilter, day time.Time) (int, error) {
	if err := s.DeriveTermFacts(ctx); err != nil {
		return 0, err
	}
	where, args := queueWhere(f, false)
	var n int
	err := s.QueryRow(ctx, `SELECT COUNT(*) FROM requests WHERE `+where+` AND term_due < ?`, append(args, dayText(day))...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count requests due: %w", err)
	}
	return n, nil
}

// RequestQueueMoving lists the open requests whose term moves with the date, each with its term part.
func (s *Store) RequestQueueMoving(ctx context.Context, f QueueFilter) ([]request.Request, error) {
	if err := s.DeriveTermFacts(ctx); err != nil {
		return nil, err
	}
	where, args := queueWhere(f, true)
	rows, err := s.Query(ctx, `SELECT id, term_doc FROM requests WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("request queue: %w", err)
	}
	return scanAll(rows, scanRequest)
}

// RequestsByID reads requests in full; ids that do not exist are left out.
func (s *Store) RequestsByID(ctx context.Context, ids []int64) ([]request.Request, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.Query(ctx, `SELECT id, data FROM requests WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("requests by id: %w", err)
	}
	return scanAll(rows, scanRequest)
}

// RequestFigures aggregates the requests received in [from, to) per month, procedure, product and team in
// SQL, with what does not move counted on today; the running penalties and the moving terms come as
// lists of their own (request.FigureParts).
func (s *Store) RequestFigures(ctx context.Context, from, to, today time.Time) (request.FigureParts, error) {
	var parts request.FigureParts
	if err := s.DeriveTermFacts(ctx); err != nil {
		return parts, err
	}
	// The months bound the index range; received_at is compared too only when from or to falls inside a
	// month (the dashboard asks whole months).
	inRange := monthRange
	span := []any{from.In(calendar.Amsterdam).Format("2006-01"), to.Add(-time.Nanosecond).In(calendar.Amsterdam).Format("2006-01")}
	if !monthStart(from) || !monthStart(to) {
		inRange += " AND received_at >= ? AND received_at < ?"
		span = append(span, from.UTC(), to.UTC())
	}
	var err error
	if inRange == monthRange {
		parts.Rows, err = s.figureCounts(ctx, span[0].(string), span[1].(string), today)
	} else {
		parts.Rows, err = s.figuresCounted(ctx, inRange, span, today)
	}
	if err != nil {
		return parts, err
	}
	rows, err := s.Query(ctx, `SELECT received_month, procedure_name, product_title, team, penalty_from FROM requests
		WHERE `+inRange+` AND penalty_from <> ''`, /* set only while undecided and not moving */ span...)
	if err != nil {
		return parts, fmt.Errorf("request penalties: %w", err)
	}
	parts.Penalties, err = scanAll(rows, func(row scanner) (request.FigurePenalty, error) {
		var p request.FigurePenalty
		var from string
		if err := row.Scan(&p.Key.Month, &p.Key.Procedure, &p.Key.Product, &p.Key.Team, &from); err != nil {
			return p, err
		}
		p.From, err = parseDay(from)
		return p, err
	})
	if err != nil {
		return parts, fmt.Errorf("request penalties: %w", err)
	}
	rows, err = s.Query(ctx, `SELECT received_month, procedure_name, product_title, team, id, term_doc FROM requests
		WHERE `+inRange+` AND status <> 'besloten' AND term_moves = TRUE`, span...)
	if err != nil {
		return parts, fmt.Errorf("request figures: %w", err)
	}
	parts.Moving, err = scanAll(rows, func(row scanner) (request.FigureMoving, error) {
		var m request.FigureMoving
		var doc string
		if err := row.Scan(&m.Key.Month, &m.Key.Procedure, &m.Key.Product, &m.Key.Team, &m.Request.ID, &doc); err != nil {
			return m, err
		}
		id := m.Request.ID
		if err := json.Unmarshal([]byte(doc), &m.Request); err != nil {
			return m, fmt.Errorf("decode request term: %w", err)
		}
		m.Request.ID = id
		return m, nil
	})
	return parts, err
}

// monthRange selects whole months of receipt.
const monthRange = "received_month >= ? AND received_month <= ?"

// figuresCounted groups the requests in range in SQL, for a period that does not start and end with a
// month (the kept counts are per month).
func (s *Store) figuresCounted(ctx context.Context, inRange string, span []any, today time.Time) ([]request.Figure, error) {
	rows, err := s.Query(ctx, `SELECT received_month, procedure_name, product_title, team, COUNT(*),
		COALESCE(SUM(CASE WHEN status = 'besloten' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CAST(decided_in_time AS INTEGER)), 0),
		COALESCE(SUM(CASE WHEN term_due < ? AND status <> 'besloten' AND term_moves = FALSE THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(suspended_days), 0), COALESCE(SUM(penalty_euros), 0)
		FROM requests WHERE `+inRange+`
		GROUP BY received_month, procedure_name, product_title, team`, append([]any{dayText(today)}, span...)...)
	if err != nil {
		return nil, fmt.Errorf("request figures: %w", err)
	}
	return scanAll(rows, func(row scanner) (request.Figure, error) {
		var f request.Figure
		err := row.Scan(&f.Month, &f.Procedure, &f.Product, &f.Team, &f.Received, &f.Decided, &f.DecidedInTime, &f.OpenLate,
			&f.SuspendedDays, &f.PenaltyEuros)
		return f, err
	})
}

// monthStart reports whether t is the first moment of a month in Amsterdam, where received_month is counted.
func monthStart(t time.Time) bool {
	a := t.In(calendar.Amsterdam)
	return a.Day() == 1 && a.Hour() == 0 && a.Minute() == 0 && a.Second() == 0 && a.Nanosecond() == 0
}
