package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"loket/internal/appointment"
	"loket/internal/calendar"
)

// AppointmentSchedule returns the locations with their exceptions, the desks with their products, the
// products and the rules (the defaults while staff have saved none). It reads one row, the schedule's
// version, and the tables only when the version moved since this instance last read them; the schedule
// returned is shared, so callers must not change its lists.
func (s *Store) AppointmentSchedule(ctx context.Context) (appointment.Schedule, error) {
	var version int64
	if err := s.QueryRow(ctx, `SELECT version FROM appointment_schedule_version WHERE id = 1`).Scan(&version); err != nil {
		return appointment.Schedule{}, fmt.Errorf("schedule version: %w", err)
	}
	c := &s.busy
	c.mu.Lock()
	if c.schedLoaded && c.schedVersion == version {
		sched := c.sched
		c.mu.Unlock()
		return sched, nil
	}
	c.mu.Unlock()
	// Read after the version: a change in between makes the schedule newer than its version, never older.
	sched, err := s.readAppointmentSchedule(ctx)
	if err != nil {
		return sched, err
	}
	c.mu.Lock()
	c.sched, c.schedVersion, c.schedLoaded = sched, version, true
	c.mu.Unlock()
	return sched, nil
}

// readAppointmentSchedule reads the schedule from its tables.
func (s *Store) readAppointmentSchedule(ctx context.Context) (appointment.Schedule, error) {
	var sched appointment.Schedule
	var err error
	if sched.Locations, err = s.appointmentLocations(ctx); err != nil {
		return sched, err
	}
	if sched.Desks, err = s.appointmentDesks(ctx); err != nil {
		return sched, err
	}
	rows, err := s.Query(ctx, `SELECT id, title, minutes_per_person, pay_at_booking, fee_cents, refund_percent FROM appointment_products ORDER BY title, id`)
	if err != nil {
		return sched, fmt.Errorf("read products: %w", err)
	}
	if sched.Products, err = scanAll(rows, func(r scanner) (appointment.Product, error) {
		var p appointment.Product
		return p, r.Scan(&p.ID, &p.Title, &p.MinutesPerPerson, &p.PayAtBooking, &p.FeeCents, &p.RefundPercent)
	}); err != nil {
		return sched, err
	}
	sched.Rules = appointment.DefaultRules()
	var data string
	switch err := s.QueryRow(ctx, `SELECT data FROM appointment_rules WHERE id = 1`).Scan(&data); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return sched, fmt.Errorf("read rules: %w", err)
	default:
		if err := json.Unmarshal([]byte(data), &sched.Rules); err != nil {
			return sched, fmt.Errorf("read rules: %w", err)
		}
	}
	return sched, nil
}

func (s *Store) appointmentLocations(ctx context.Context) ([]appointment.Location, error) {
	rows, err := s.Query(ctx, `SELECT id, name, street, postcode, city, hours FROM appointment_locations ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("read locations: %w", err)
	}
	locs, err := scanAll(rows, func(r scanner) (appointment.Location, error) {
		var l appointment.Location
		if err := r.Scan(&l.ID, &l.Name, &l.Street, &l.Postcode, &l.City, &l.HoursText); err != nil {
			return l, err
		}
		h, err := calendar.ParseHours(l.HoursText)
		l.Hours = h
		return l, err
	})
	if err != nil {
		return nil, err
	}
	rows, err = s.Query(ctx, `SELECT location_id, day, closed, hours, note FROM appointment_location_days ORDER BY day`)
	if err != nil {
		return nil, fmt.Errorf("read location days: %w", err)
	}
	type day struct {
		loc string
		appointment.DayException
	}
	days, err := scanAll(rows, func(r scanner) (day, error) {
		var d day
		if err := r.Scan(&d.loc, &d.Date, &d.Closed, &d.Text, &d.Note); err != nil || d.Closed {
			return d, err
		}
		h, err := calendar.ParseHours("ma-zo " + d.Text)
		d.Spans = h.Week[1]
		return d, err
	})
	if err != nil {
		return nil, err
	}
	for _, d := range days {
		for i := range locs {
			if locs[i].ID == d.loc {
				locs[i].Days = append(locs[i].Days, d.DayException)
			}
		}
	}
	return locs, nil
}

func (s *Store) appointmentDesks(ctx context.Context) ([]appointment.Desk, error) {
	rows, err := s.Query(ctx, `SELECT d.id, d.location_id, d.name, COALESCE(p.product_id, '') FROM appointment_desks d
		LEFT JOIN appointment_desk_products p ON p.desk_id = d.id WHERE d.active = ? ORDER BY d.location_id, d.name, d.id, p.product_id`, true)
	if err != nil {
		return nil, fmt.Errorf("read desks: %w", err)
	}
	defer rows.Close()
	var desks []appointment.Desk
	for rows.Next() {
		var d appointment.Desk
		var product string
		if err := rows.Scan(&d.ID, &d.LocationID, &d.Name, &product); err != nil {
			return nil, err
		}
		if n := len(desks); n == 0 || desks[n-1].ID != d.ID {
			desks = append(desks, d)
		}
		if product != "" {
			last := &desks[len(desks)-1]
			last.Products = append(last.Products, product)
		}
	}
	return desks, rows.Err()
}

// SaveLocation inserts or updates a location.
func (s *Store) SaveLocation(ctx context.Context, l appointment.Location) error {
	return s.changeSchedule(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO appointment_locations (id, name, street, postcode, city, hours, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, street = excluded.street,
		postcode = excluded.postcode, city = excluded.city, hours = excluded.hours, updated_at = excluded.updated_at`,
			l.ID, l.Name, strings.TrimSpace(l.Street), strings.TrimSpace(l.Postcode), strings.TrimSpace(l.City), l.HoursText, s.now())
		return err
	})
}

// SaveDayException sets the exception of one date of a location.
func (s *Store) SaveDayException(ctx context.Context, locationID string, e appointment.DayException) error {
	return s.changeSchedule(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO appointment_location_days (location_id, day, closed, hours, note) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (location_id, day) DO UPDATE SET closed = excluded.closed, hours = excluded.hours, note = excluded.note`,
			locationID, e.Date, e.Closed, e.Text, e.Note)
		return err
	})
}

// DeleteDayException removes the exception of one date.
func (s *Store) DeleteDayException(ctx context.Context, locationID, date string) error {
	return s.changeSchedule(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM appointment_location_days WHERE location_id = ? AND day = ?`, locationID, date)
		return appointmentRowChanged(res, err)
	})
}

// SaveDesk inserts a desk (ID 0) or updates one, with the products it serves.
func (s *Store) SaveDesk(ctx context.Context, d *appointment.Desk) error {
	return s.changeSchedule(ctx, func(tx *Tx) error {
		if d.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO appointment_desks (location_id, name, active) VALUES (?, ?, ?) RETURNING id`,
				d.LocationID, d.Name, true).Scan(&d.ID); err != nil {
				return fmt.Errorf("insert desk: %w", err)
			}
		} else {
			res, err := tx.Exec(ctx, `UPDATE appointment_desks SET location_id = ?, name = ? WHERE id = ? AND active = ?`, d.LocationID, d.Name, d.ID, true)
			if err := appointmentRowChanged(res, err); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM appointment_desk_products WHERE desk_id = ?`, d.ID); err != nil {
			return err
		}
		for _, p := range d.Products {
			if _, err := tx.Exec(ctx, `INSERT INTO appointment_desk_products (desk_id, product_id) VALUES (?, ?)`, d.ID, p); err != nil {
				return fmt.Errorf("desk product: %w", err)
			}
		}
		return nil
	})
}

// DeleteDesk retires a desk: it keeps its history but takes no new bookings.
func (s *Store) DeleteDesk(ctx context.Context, id int64) error {
	return s.changeSchedule(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointment_desks SET active = ? WHERE id = ?`, false, id)
		return appointmentRowChanged(res, err)
	})
}

// SaveProduct inserts or updates a product's duration.
func (s *Store) SaveProduct(ctx context.Context, p appointment.Product) error {
	return s.changeSchedule(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO appointment_products (id, title, minutes_per_person, pay_at_booking, fee_cents, refund_percent)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, minutes_per_person = excluded.minutes_per_person,
		pay_at_booking = excluded.pay_at_booking, fee_cents = excluded.fee_cents, refund_percent = excluded.refund_percent`,
			p.ID, p.Title, p.MinutesPerPerson, p.PayAtBooking, p.FeeCents, p.RefundPercent)
		return err
	})
}

// SaveRules stores the booking rules.
func (s *Store) SaveRules(ctx context.Context, r appointment.Rules) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.changeSchedule(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO appointment_rules (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data`, string(data))
		return err
	})
}

// changeSchedule runs a change of the schedule and raises the schedule's version in one transaction, so
// every instance reads the schedule again at its next use.
func (s *Store) changeSchedule(ctx context.Context, change func(tx *Tx) error) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if err := change(tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE appointment_schedule_version SET version = version + 1 WHERE id = 1`)
		return err
	})
}

// appointmentRowChanged turns "no row changed" into appointment.ErrNotFound.
func appointmentRowChanged(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return appointment.ErrNotFound
	}
	return nil
}
