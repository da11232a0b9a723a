package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/contact"
)

const appointmentColumns = `id, reference, location_id, COALESCE(desk_id, 0), products, persons, start_unix, end_unix,
	busy_until_unix, name, email, phone, state, source, urgent, sequence, wait_minutes, created_by, created_at,
	cancelled_at, checked_in_at, reminded_at, COALESCE(conversation_id, 0), fee_cents, hold_until_unix, paid_cents, refund_cents,
	refunded_at`

func scanAppointment(r scanner) (appointment.Appointment, error) {
	var a appointment.Appointment
	var products, state string
	var start, end, busy, hold int64
	var cancelled, checkedIn, reminded, refunded sql.NullTime
	err := r.Scan(&a.ID, &a.Reference, &a.LocationID, &a.DeskID, &products, &a.Persons, &start, &end, &busy, &a.Name,
		&a.Email, &a.Phone, &state, &a.Source, &a.Urgent, &a.Sequence, &a.WaitMinutes, &a.CreatedBy, &a.CreatedAt,
		&cancelled, &checkedIn, &reminded, &a.ConversationID, &a.FeeCents, &hold, &a.PaidCents, &a.RefundCents, &refunded)
	if errors.Is(err, sql.ErrNoRows) {
		return a, appointment.ErrNotFound
	}
	a.Products, a.State = strings.Split(products, ","), appointment.State(state)
	a.Start, a.End, a.BusyUntil = time.Unix(start, 0).UTC(), time.Unix(end, 0).UTC(), time.Unix(busy, 0).UTC()
	a.CancelledAt, a.CheckedInAt, a.RemindedAt, a.RefundedAt = cancelled.Time, checkedIn.Time, reminded.Time, refunded.Time
	if hold > 0 {
		a.HoldUntil = time.Unix(hold, 0).UTC()
	}
	return a, err
}

// emailKey is the form of an e-mail address the per-address limit counts by.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// InsertAppointment stores a booking, its desk cells and its mail in one transaction. A cell another
// booking holds makes the primary key of appointment_cells refuse the insert: appointment.ErrCellTaken.
func (s *Store) InsertAppointment(ctx context.Context, a *appointment.Appointment, maxOpen int, at time.Time, m appointment.Mail) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		if maxOpen > 0 {
			if err := s.checkOpenLimit(ctx, tx, a.Email, maxOpen, at); err != nil {
				return err
			}
		}
		created := a.CreatedAt.UTC().Truncate(time.Microsecond)
		var hold int64
		if !a.HoldUntil.IsZero() {
			hold = a.HoldUntil.Unix()
		}
		version, err := nextBusyVersion(ctx, tx, a.LocationID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO appointments (reference, location_id, desk_id, products, persons,
			start_unix, end_unix, busy_until_unix, name, email, email_key, phone, state, source, urgent, sequence, wait_minutes,
			created_by, created_at, updated_at, fee_cents, hold_until_unix, busy_version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Reference, a.LocationID, a.DeskID, strings.Join(a.Products, ","), a.Persons, a.Start.Unix(), a.End.Unix(),
			a.BusyUntil.Unix(), a.Name, a.Email, emailKey(a.Email), a.Phone, string(a.State), a.Source, a.Urgent, a.Sequence,
			a.WaitMinutes, a.CreatedBy, created, created, a.FeeCents, hold, version).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("insert appointment: %w", err)
		}
		if err := insertCells(ctx, tx, *a); err != nil {
			return err
		}
		return enqueueAppointmentMail(ctx, tx, a.ID, m)
	})
	if err != nil && isUniqueViolation(err) && strings.Contains(err.Error(), "cell") {
		return appointment.ErrCellTaken
	}
	return err
}

// checkOpenLimit refuses a booking when the address has maxOpen open appointments. On PostgreSQL a lock
// per address inside the transaction makes two bookings with one address wait for each other; SQLite
// runs one writing transaction at a time anyway.
func (s *Store) checkOpenLimit(ctx context.Context, tx *Tx, email string, maxOpen int, at time.Time) error {
	key := emailKey(email)
	if s.dialect == Postgres {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727275, hashtext(?))`, key); err != nil {
			return fmt.Errorf("lock address: %w", err)
		}
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM appointments WHERE email_key = ? AND state IN ('booked', 'awaiting_payment') AND start_unix > ?`,
		key, at.Unix()).Scan(&n); err != nil {
		return fmt.Errorf("count open appointments: %w", err)
	}
	if n >= maxOpen {
		return appointment.ErrEmailLimit
	}
	return nil
}

// insertCells writes the desk cells of an appointment in one statement; the primary key refuses a cell
// that is taken, and the error names the table so the caller can tell it apart.
func insertCells(ctx context.Context, tx *Tx, a appointment.Appointment) error {
	cells := a.Cells()
	if len(cells) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO appointment_cells (desk_id, cell, appointment_id) VALUES `)
	args := make([]any, 0, len(cells)*3)
	for i, c := range cells {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?)")
		args = append(args, a.DeskID, c, a.ID)
	}
	if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
		if isUniqueViolation(err) {
			return fmt.Errorf("desk cell taken: %w", err)
		}
		return fmt.Errorf("insert cells: %w", err)
	}
	return nil
}

// enqueueAppointmentMail stores the change link the mail carries and puts the mail and its attachments
// in the outbox, inside the transaction of the change it reports; the outbox's sender delivers it with
// its retries.
func enqueueAppointmentMail(ctx context.Context, tx *Tx, appointmentID int64, m appointment.Mail) error {
	if m.Link.Hash != "" {
		if _, err := tx.Exec(ctx, `INSERT INTO appointment_links (token_hash, appointment_id, expires_unix, created_at) VALUES (?, ?, ?, ?)`,
			m.Link.Hash, appointmentID, m.Link.Expires.Unix(), tx.s.now()); err != nil {
			return fmt.Errorf("store change link: %w", err)
		}
	}
	if m.To == "" {
		return nil
	}
	at := tx.s.now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at, channel)
		VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, 'email') RETURNING id`,
		contact.Mailer{}.NewMailID(), m.To, m.Subject, m.Body, contact.DeliveryQueued, at, at).Scan(&id)
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	for _, att := range m.Attachments {
		if _, err := tx.Exec(ctx, `INSERT INTO outbox_attachments (outbox_id, filename, content_type, data) VALUES (?, ?, ?, ?)`,
			id, att.Filename, att.ContentType, att.Data); err != nil {
			return fmt.Errorf("queue attachment: %w", err)
		}
	}
	return nil
}

// AppointmentByToken finds an appointment by the hash of one of its change links that has not expired at.
func (s *Store) AppointmentByToken(ctx context.Context, tokenHash string, at time.Time) (appointment.Appointment, error) {
	return scanAppointment(s.QueryRow(ctx, `SELECT `+appointmentColumns+` FROM appointments
		WHERE id = (SELECT appointment_id FROM appointment_links WHERE token_hash = ? AND expires_unix > ?)`, tokenHash, at.Unix()))
}

// AppointmentByID finds an appointment by id.
func (s *Store) AppointmentByID(ctx context.Context, id int64) (appointment.Appointment, error) {
	return scanAppointment(s.QueryRow(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE id = ?`, id))
}

// MoveAppointment frees the old cells and takes the new ones in one transaction, with the mail.
func (s *Store) MoveAppointment(ctx context.Context, a appointment.Appointment, m appointment.Mail) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET desk_id = ?, start_unix = ?, end_unix = ?, busy_until_unix = ?,
			sequence = ?, reminded_at = NULL, updated_at = ? WHERE id = ? AND state = 'booked'`,
			a.DeskID, a.Start.Unix(), a.End.Unix(), a.BusyUntil.Unix(), a.Sequence, s.now(), a.ID)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM appointment_cells WHERE appointment_id = ?`, a.ID); err != nil {
			return err
		}
		if err := insertCells(ctx, tx, a); err != nil {
			return err
		}
		if err := bumpBusyVersion(ctx, tx, a.LocationID, a.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE appointment_links SET expires_unix = ? WHERE appointment_id = ?`, a.End.Unix(), a.ID); err != nil {
			return fmt.Errorf("move change links: %w", err)
		}
		return enqueueAppointmentMail(ctx, tx, a.ID, m)
	})
	if err != nil && isUniqueViolation(err) && strings.Contains(err.Error(), "cell") {
		return appointment.ErrCellTaken
	}
	return err
}

// CancelAppointment cancels a booked appointment and frees its cells, with the mail and the refund owed.
func (s *Store) CancelAppointment(ctx context.Context, id int64, at time.Time, refundCents int64, m appointment.Mail) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET state = 'cancelled', cancelled_at = ?, refund_cents = ?, updated_at = ?
			WHERE id = ? AND state = 'booked'`, at.UTC(), refundCents, s.now(), id)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		if err := freeCells(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM appointment_links WHERE appointment_id = ?`, id); err != nil {
			return fmt.Errorf("delete change links: %w", err)
		}
		return enqueueAppointmentMail(ctx, tx, id, m)
	})
}

// freeCells deletes an appointment's cells and raises its location's busy version.
func freeCells(ctx context.Context, tx *Tx, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM appointment_cells WHERE appointment_id = ?`, id); err != nil {
		return err
	}
	var loc string
	if err := tx.QueryRow(ctx, `SELECT location_id FROM appointments WHERE id = ?`, id).Scan(&loc); err != nil {
		return err
	}
	return bumpBusyVersion(ctx, tx, loc, id)
}

// bookedRowChanged turns "no booked row changed" into appointment.ErrNotBooked.
func bookedRowChanged(res sql.Result, err error) error {
	if err := appointmentRowChanged(res, err); errors.Is(err, appointment.ErrNotFound) {
		return appointment.ErrNotBooked
	} else if err != nil {
		return err
	}
	return nil
}

// visitRegistration is the counter registration of an appointment's visit: answered at the counter.
func visitRegistration(v appointment.Visit) Registration {
	return Registration{Channel: contact.ChannelCounter, Name: v.Name, Email: v.Email, Phone: v.Phone, TopicID: v.Topic,
		Subject: v.Subject, Note: v.Note, Result: ResultAnswered, CreatedBy: v.By}
}

// CheckInAppointment marks the appointment checked in and registers the visit as a counter contact,
// through the same registration as the console's, in one transaction.
func (s *Store) CheckInAppointment(ctx context.Context, id int64, at time.Time, v appointment.Visit) (int64, error) {
	var conv int64
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET state = 'checked_in', checked_in_at = ?, updated_at = ? WHERE id = ? AND state = 'booked'`,
			at.UTC(), s.now(), id)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		rc, err := s.registerTx(ctx, tx, visitRegistration(v), contact.Settings{})
		if err != nil {
			return fmt.Errorf("register visit: %w", err)
		}
		conv = rc.ConversationID
		_, err = tx.Exec(ctx, `UPDATE appointments SET conversation_id = ? WHERE id = ?`, conv, id)
		return err
	})
	return conv, err
}

// MarkNoShow records "niet verschenen" and frees the rest of the desk's time.
func (s *Store) MarkNoShow(ctx context.Context, id int64, at time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET state = 'no_show', no_show_at = ?, updated_at = ? WHERE id = ? AND state = 'booked'`,
			at.UTC(), s.now(), id)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		return freeCells(ctx, tx, id)
	})
}

// InsertWalkIn stores a walk-in, checked in, with its counter contact; it takes no desk cells.
func (s *Store) InsertWalkIn(ctx context.Context, a *appointment.Appointment, v appointment.Visit) error {
	return s.InTx(ctx, func(tx *Tx) error {
		rc, err := s.registerTx(ctx, tx, visitRegistration(v), contact.Settings{})
		if err != nil {
			return fmt.Errorf("register visit: %w", err)
		}
		a.ConversationID = rc.ConversationID
		var desk any
		if a.DeskID > 0 {
			desk = a.DeskID
		}
		at := a.CreatedAt.UTC().Truncate(time.Microsecond)
		return tx.QueryRow(ctx, `INSERT INTO appointments (reference, location_id, desk_id, products, persons,
			start_unix, end_unix, busy_until_unix, name, email, email_key, phone, state, source, created_by, created_at, updated_at,
			checked_in_at, conversation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Reference, a.LocationID, desk, strings.Join(a.Products, ","), a.Persons, a.Start.Unix(), a.End.Unix(), a.BusyUntil.Unix(),
			a.Name, a.Email, emailKey(a.Email), a.Phone, string(a.State), a.Source, a.CreatedBy, at, at, at, rc.ConversationID).Scan(&a.ID)
	})
}

// Appointments lists appointments by start time.
func (s *Store) Appointments(ctx context.Context, f appointment.Filter) ([]appointment.Appointment, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Location != "" {
		where, args = append(where, "location_id = ?"), append(args, f.Location)
	}
	if f.Email != "" {
		where, args = append(where, "email_key = ?"), append(args, emailKey(f.Email))
	}
	if !f.From.IsZero() {
		where, args = append(where, "start_unix >= ?"), append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		where, args = append(where, "start_unix < ?"), append(args, f.To.Unix())
	}
	if len(f.States) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.States)), ", ")
		where = append(where, "state IN ("+marks+")")
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if a := f.After; a != nil {
		where = append(where, "(start_unix > ? OR start_unix = ? AND (COALESCE(desk_id, 0) > ? OR COALESCE(desk_id, 0) = ? AND id > ?))")
		args = append(args, a.Start.Unix(), a.Start.Unix(), a.DeskID, a.DeskID, a.ID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.Query(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE `+strings.Join(where, " AND ")+
		` ORDER BY start_unix, COALESCE(desk_id, 0), id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list appointments: %w", err)
	}
	return scanAll(rows, scanAppointment)
}

// QueueReminder marks a booked appointment reminded and queues the mail, once.
func (s *Store) QueueReminder(ctx context.Context, id int64, at time.Time, m appointment.Mail) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET reminded_at = ? WHERE id = ? AND state = 'booked' AND reminded_at IS NULL`, at.UTC(), id)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		return enqueueAppointmentMail(ctx, tx, id, m)
	})
}

// The store keeps appointments for the appointment service.
var _ appointment.Storage = (*Store)(nil)
