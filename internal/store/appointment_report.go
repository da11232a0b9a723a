package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/appointment"
)

// AppointmentCounts adds up, over the appointments that start in [from, to), bookings (every one made
// online or by phone), cancellations, no-shows and walk-ins per product and location, and the booked
// minutes per desk (kept appointments: checked in or still booked).
func (s *Store) AppointmentCounts(ctx context.Context, from, to time.Time) ([]appointment.Count, []appointment.DeskMinutes, error) {
	rows, err := s.Query(ctx, `SELECT products, location_id, state, source, COUNT(*) FROM appointments
		WHERE start_unix >= ? AND start_unix < ? GROUP BY products, location_id, state, source`, from.Unix(), to.Unix())
	if err != nil {
		return nil, nil, fmt.Errorf("count appointments: %w", err)
	}
	type key struct{ product, location string }
	index := map[key]int{}
	var counts []appointment.Count
	for rows.Next() {
		var products, loc, state, source string
		var n int64
		if err := rows.Scan(&products, &loc, &state, &source, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		for _, p := range strings.Split(products, ",") {
			k := key{p, loc}
			i, ok := index[k]
			if !ok {
				i = len(counts)
				index[k] = i
				counts = append(counts, appointment.Count{Product: p, Location: loc})
			}
			c := &counts[i]
			if source == appointment.SourceWalkIn {
				c.WalkIns += n
				continue
			}
			c.Booked += n
			switch appointment.State(state) {
			case appointment.StateCancelled:
				c.Cancelled += n
			case appointment.StateNoShow:
				c.NoShows += n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = s.Query(ctx, `SELECT desk_id, CAST(SUM(end_unix - start_unix) / 60 AS BIGINT) FROM appointments
		WHERE start_unix >= ? AND start_unix < ? AND desk_id IS NOT NULL AND state IN ('booked', 'checked_in') AND source <> 'walk_in'
		GROUP BY desk_id`, from.Unix(), to.Unix())
	if err != nil {
		return nil, nil, fmt.Errorf("desk minutes: %w", err)
	}
	minutes, err := scanAll(rows, func(r scanner) (appointment.DeskMinutes, error) {
		var d appointment.DeskMinutes
		return d, r.Scan(&d.DeskID, &d.Minutes)
	})
	return counts, minutes, err
}

// SaveWaitSample keeps a product's waiting time for a day; a later sample the same day replaces it.
func (s *Store) SaveWaitSample(ctx context.Context, day, product string, minutes int64) error {
	_, err := s.Exec(ctx, `INSERT INTO appointment_waits (day, product_id, minutes) VALUES (?, ?, ?)
		ON CONFLICT (day, product_id) DO UPDATE SET minutes = excluded.minutes`, day, product, minutes)
	return err
}

// WaitSamples lists the waiting times of the days [fromDay, toDay).
func (s *Store) WaitSamples(ctx context.Context, fromDay, toDay string) ([]appointment.WaitSample, error) {
	rows, err := s.Query(ctx, `SELECT day, product_id, minutes FROM appointment_waits WHERE day >= ? AND day < ? ORDER BY day, product_id`,
		fromDay, toDay)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, func(r scanner) (appointment.WaitSample, error) {
		var w appointment.WaitSample
		return w, r.Scan(&w.Day, &w.Product, &w.Minutes)
	})
}

// AppointmentDemand lists the visits of a location that start in [from, to) and took or will take desk
// time: walk-ins, and booked appointments that were not cancelled (booked, checked in or not attended:
// the desk time was planned for them all).
func (s *Store) AppointmentDemand(ctx context.Context, locationID string, from, to time.Time) ([]appointment.DemandVisit, error) {
	rows, err := s.Query(ctx, `SELECT start_unix, end_unix, source FROM appointments WHERE location_id = ? AND start_unix >= ? AND start_unix < ?
		AND (source = 'walk_in' OR state IN ('booked', 'checked_in', 'no_show')) ORDER BY start_unix`, locationID, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("counter demand: %w", err)
	}
	return scanAll(rows, func(r scanner) (appointment.DemandVisit, error) {
		var v appointment.DemandVisit
		var start, end int64
		var source string
		err := r.Scan(&start, &end, &source)
		v.Start, v.End, v.WalkIn = time.Unix(start, 0), time.Unix(end, 0), source == appointment.SourceWalkIn
		return v, err
	})
}
