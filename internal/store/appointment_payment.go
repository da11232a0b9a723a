package store

import (
	"context"
	"fmt"
	"time"

	"loket/internal/appointment"
)

// AppointmentByReference finds an appointment by its reference (A-7K3M9Q).
func (s *Store) AppointmentByReference(ctx context.Context, reference string) (appointment.Appointment, error) {
	return scanAppointment(s.QueryRow(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE reference = ?`, reference))
}

// ConfirmPaidAppointment turns a held booking into a booked one with what was paid, and queues its
// confirmation (with its change link) in the same transaction; appointment.ErrNotBooked when it is no
// longer held.
func (s *Store) ConfirmPaidAppointment(ctx context.Context, id, paidCents int64, m appointment.Mail) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET state = 'booked', paid_cents = ?, updated_at = ? WHERE id = ? AND state = 'awaiting_payment'`,
			paidCents, s.now(), id)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		return enqueueAppointmentMail(ctx, tx, id, m)
	})
}

// ReleaseHeldAppointment ends a held booking that was not paid: its cells are free and its links end;
// appointment.ErrNotBooked when it is no longer held.
func (s *Store) ReleaseHeldAppointment(ctx context.Context, id int64, at time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appointments SET state = 'unpaid', cancelled_at = ?, updated_at = ? WHERE id = ? AND state = 'awaiting_payment'`,
			at.UTC(), s.now(), id)
		if err := bookedRowChanged(res, err); err != nil {
			return err
		}
		if err := freeCells(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM appointment_links WHERE appointment_id = ?`, id)
		return err
	})
}

// ExpiredHolds lists the held bookings whose hold ended by at.
func (s *Store) ExpiredHolds(ctx context.Context, at time.Time) ([]appointment.Appointment, error) {
	rows, err := s.Query(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE state = 'awaiting_payment' AND hold_until_unix <= ?
		ORDER BY hold_until_unix LIMIT 500`, at.Unix())
	if err != nil {
		return nil, fmt.Errorf("expired holds: %w", err)
	}
	return scanAll(rows, scanAppointment)
}

// RefundsDue lists the cancelled appointments whose refund the provider has not yet taken.
func (s *Store) RefundsDue(ctx context.Context) ([]appointment.Appointment, error) {
	rows, err := s.Query(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE refund_cents > 0 AND refunded_at IS NULL ORDER BY id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("refunds due: %w", err)
	}
	return scanAll(rows, scanAppointment)
}

// MarkAppointmentRefunded records that the provider took the refund of an appointment.
func (s *Store) MarkAppointmentRefunded(ctx context.Context, id int64, at time.Time) error {
	res, err := s.Exec(ctx, `UPDATE appointments SET refunded_at = ?, updated_at = ? WHERE id = ? AND refunded_at IS NULL`, at.UTC(), s.now(), id)
	return appointmentRowChanged(res, err)
}

// OweAppointmentRefund records what was paid for an appointment and the refund owed for it (a payment
// that came after its hold ran out), so the sweeper pays it back when the provider does not take it at once.
func (s *Store) OweAppointmentRefund(ctx context.Context, id, paidCents, refundCents int64) error {
	res, err := s.Exec(ctx, `UPDATE appointments SET paid_cents = ?, refund_cents = ?, updated_at = ? WHERE id = ? AND refunded_at IS NULL`,
		paidCents, refundCents, s.now(), id)
	return appointmentRowChanged(res, err)
}
