package store

import (
	"context"
	"fmt"
	"time"

	"loket/internal/request"
)

// figureCount is one request's share of request_figure_counts, under its key.
type figureCount struct {
	month, procedure, product, team                      string
	received, decided, inTime, suspendedDays, penaltyEur int
}

// figureCountOf is the share of a request with these stored columns.
func figureCountOf(month, procedure, product, team, status string, inTime bool, suspendedDays, penalty int) figureCount {
	c := figureCount{month: month, procedure: procedure, product: product, team: team, received: 1,
		suspendedDays: suspendedDays, penaltyEur: penalty}
	if status == string(request.StatusDecided) {
		c.decided = 1
	}
	if inTime {
		c.inTime = 1
	}
	return c
}

// sum adds the numbers of o to c (same key).
func (c *figureCount) sum(o figureCount) {
	c.received += o.received
	c.decided += o.decided
	c.inTime += o.inTime
	c.suspendedDays += o.suspendedDays
	c.penaltyEur += o.penaltyEur
}

// newFigureCount is the share of r with its new facts f, under the team column team.
func newFigureCount(r request.Request, team string, f request.TermFacts) figureCount {
	return figureCountOf(f.Month, f.ProcedureName, r.ProductTitle, team, string(r.Status), f.DecidedInTime, f.SuspendedDays, f.PenaltyEuros)
}

// addFigureCount adds sign × c to its row of request_figure_counts.
func addFigureCount(ctx context.Context, tx *Tx, c figureCount, sign int) error {
	_, err := tx.Exec(ctx, `INSERT INTO request_figure_counts (received_month, procedure_name, product_title, team,
			received, decided, decided_in_time, suspended_days, penalty_euros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (received_month, procedure_name, product_title, team) DO UPDATE SET
			received = request_figure_counts.received + excluded.received,
			decided = request_figure_counts.decided + excluded.decided,
			decided_in_time = request_figure_counts.decided_in_time + excluded.decided_in_time,
			suspended_days = request_figure_counts.suspended_days + excluded.suspended_days,
			penalty_euros = request_figure_counts.penalty_euros + excluded.penalty_euros`,
		c.month, c.procedure, c.product, c.team, sign*c.received, sign*c.decided, sign*c.inTime, sign*c.suspendedDays, sign*c.penaltyEur)
	if err != nil {
		return fmt.Errorf("request figure counts: %w", err)
	}
	return nil
}

// storedFigureCount reads, locked, the share a request row has in request_figure_counts now, its term
// facts' version and its team; ok is false for a row without term facts, which has no share.
func (s *Store) storedFigureCount(ctx context.Context, tx *Tx, id int64) (c figureCount, version int, ok bool, err error) {
	var status string
	var inTime bool
	q := `SELECT term_version, received_month, procedure_name, product_title, team, status, decided_in_time,
		suspended_days, penalty_euros FROM requests WHERE id = ?`
	if s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	err = tx.QueryRow(ctx, q, id).Scan(&version, &c.month, &c.procedure, &c.product, &c.team, &status, &inTime, &c.suspendedDays, &c.penaltyEur)
	if err != nil {
		return c, 0, false, fmt.Errorf("request figure share: %w", err)
	}
	if version == 0 {
		return c, 0, false, nil
	}
	return figureCountOf(c.month, c.procedure, c.product, c.team, status, inTime, c.suspendedDays, c.penaltyEur), version, true, nil
}

// moveFigureCount replaces the share of request r (as stored, before its row is updated) by the one of its
// new facts f.
func (s *Store) moveFigureCount(ctx context.Context, tx *Tx, r request.Request, f request.TermFacts) error {
	old, _, ok, err := s.storedFigureCount(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	c := newFigureCount(r, old.team, f)
	if ok {
		if old == c {
			return nil
		}
		if err := addFigureCount(ctx, tx, old, -1); err != nil {
			return err
		}
	}
	return addFigureCount(ctx, tx, c, 1)
}

// figureCounts reads the kept counts of [fromMonth, toMonth] and adds the open requests late on today.
func (s *Store) figureCounts(ctx context.Context, fromMonth, toMonth string, today time.Time) ([]request.Figure, error) {
	rows, err := s.Query(ctx, `SELECT received_month, procedure_name, product_title, team, received, decided, decided_in_time,
		suspended_days, penalty_euros FROM request_figure_counts WHERE received_month >= ? AND received_month <= ? AND received > 0`,
		fromMonth, toMonth)
	if err != nil {
		return nil, fmt.Errorf("request figure counts: %w", err)
	}
	list, err := scanAll(rows, func(row scanner) (request.Figure, error) {
		var f request.Figure
		err := row.Scan(&f.Month, &f.Procedure, &f.Product, &f.Team, &f.Received, &f.Decided, &f.DecidedInTime, &f.SuspendedDays, &f.PenaltyEuros)
		return f, err
	})
	if err != nil {
		return nil, err
	}
	index := make(map[[4]string]int, len(list))
	for i, f := range list {
		index[[4]string{f.Month, f.Procedure, f.Product, f.Team}] = i
	}
	from := "requests"
	if s.dialect == SQLite { // without statistics SQLite takes the queue's index and reads every late row's table entry
		from = "requests INDEXED BY requests_open_late"
	}
	rows, err = s.Query(ctx, `SELECT received_month, procedure_name, product_title, team, COUNT(*) FROM `+from+`
		WHERE status <> 'besloten' AND term_moves = FALSE AND term_due < ? AND received_month >= ? AND received_month <= ?
		GROUP BY received_month, procedure_name, product_title, team`, dayText(today), fromMonth, toMonth)
	if err != nil {
		return nil, fmt.Errorf("requests late: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k [4]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &n); err != nil {
			return nil, err
		}
		i, ok := index[k]
		if !ok { // counted late but not kept: a row written around the store; show it all the same
			i = len(list)
			index[k] = i
			list = append(list, request.Figure{Month: k[0], Procedure: k[1], Product: k[2], Team: k[3]})
		}
		list[i].OpenLate += n
	}
	return list, rows.Err()
}
