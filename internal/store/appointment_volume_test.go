package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestCounterDayAndRemindersReachEveryAppointment: a busy Thursday at a location with 20 desks holds
// 1,000 booked appointments (50 a desk, ten minutes each from 08:00), 30 walk-ins without a desk at the
// same times as the first bookings, and 5 bookings held while the resident pays. More than any page of
// the store: the counter's day view lists all 1,035 in order of time, and the reminder run on Wednesday
// queues one reminder for each of the 1,000 booked ones, none for the walk-ins or the held ones.
func TestCounterDayAndRemindersReachEveryAppointment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-09 10:00")) // Wednesday, past the reminder hour (9)
		svc := setUpAppointments(t, s, c)
		if _, err := svc.SaveLocation(ctx, appointment.Location{ID: "groot", Name: "Groot", Street: "Plein 1", City: "Voorbeeld", HoursText: "ma-vr 08:00-18:00"}); err != nil {
			t.Fatal(err)
		}
		var desks []int64
		for i := range 20 {
			d, err := svc.SaveDesk(ctx, appointment.Desk{LocationID: "groot", Name: fmt.Sprintf("Balie %d", i+1), Products: []string{"paspoort"}})
			if err != nil {
				t.Fatal(err)
			}
			desks = append(desks, d.ID)
		}
		day := storetest.Amsterdam("2026-12-10 00:00")
		insert := func(tx *store.Tx, ref string, desk int64, start time.Time, state, source, email string) error {
			var deskID any
			if desk != 0 {
				deskID = desk
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO appointments (reference, token_hash, location_id, desk_id, products, persons,
				start_unix, end_unix, busy_until_unix, name, email, email_key, state, source, created_at, updated_at)
				VALUES (?, ?, 'groot', ?, 'paspoort', 1, ?, ?, ?, 'Inwoner', ?, ?, ?, ?, ?, ?) RETURNING id`,
				ref, ref, deskID, start.Unix(), start.Add(10*time.Minute).Unix(), start.Add(10*time.Minute).Unix(), email, email,
				state, source, c.Now().UTC(), c.Now().UTC()).Scan(&id); err != nil {
				return err
			}
			if desk == 0 {
				return nil
			}
			a := appointment.Appointment{DeskID: desk, Start: start, BusyUntil: start.Add(10 * time.Minute)}
			var vals []string
			var args []any
			for _, cell := range a.Cells() {
				vals, args = append(vals, "(?, ?, ?)"), append(args, desk, cell, id)
			}
			_, err := tx.Exec(ctx, `INSERT INTO appointment_cells (desk_id, cell, appointment_id) VALUES `+strings.Join(vals, ", "), args...)
			return err
		}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for n := range 1000 {
				start := day.Add(8*time.Hour + time.Duration(n/20*10)*time.Minute)
				if err := insert(tx, fmt.Sprintf("A-%04d", n), desks[n%20], start, "booked", "web", fmt.Sprintf("p%d@example.nl", n)); err != nil {
					return err
				}
			}
			for n := range 30 {
				if err := insert(tx, fmt.Sprintf("W-%04d", n), 0, day.Add(8*time.Hour), "checked_in", "walk_in", ""); err != nil {
					return err
				}
			}
			for n := range 5 { // held in the last hour, after the bookings, on the first desks
				start := day.Add(17*time.Hour + time.Duration(n)*10*time.Minute)
				if err := insert(tx, fmt.Sprintf("H-%04d", n), desks[0], start, "awaiting_payment", "web", fmt.Sprintf("h%d@example.nl", n)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		view, err := svc.DayView(ctx, "groot", day)
		if err != nil {
			t.Fatal(err)
		}
		if len(view.Appointments) != 1035 {
			t.Fatalf("day view holds %d appointments, want all 1,035", len(view.Appointments))
		}
		seen, held := map[string]bool{}, 0
		for i, a := range view.Appointments {
			if seen[a.Reference] {
				t.Fatalf("%s listed twice", a.Reference)
			}
			seen[a.Reference] = true
			if i > 0 && a.Start.Before(view.Appointments[i-1].Start) {
				t.Fatalf("%s at %s listed after %s", a.Reference, a.Start, view.Appointments[i-1].Start)
			}
			if a.State == appointment.StateAwaitingPayment {
				held++
			}
		}
		if held != 5 {
			t.Errorf("day view shows %d bookings held for payment, want 5", held)
		}

		queued, err := svc.SendReminders(ctx)
		if err != nil || queued != 1000 {
			t.Fatalf("reminders queued: %d %v, want one for each of the 1,000 booked appointments", queued, err)
		}
		if again, err := svc.SendReminders(ctx); err != nil || again != 0 {
			t.Fatalf("a second run queued %d %v, want none", again, err)
		}
	})
}
