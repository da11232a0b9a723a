package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// bigLocation sets up a location with 20 desks open weekdays 08:00-18:00 and fills the next three months
// with 10,000 booked appointments of 10 to 40 minutes, spread over the desks and days (about a fifth of
// the desks' time), written straight into the tables in one transaction.
func bigLocation(b *testing.B, s *store.Store, c *storetest.Clock) *appointment.Service {
	b.Helper()
	ctx := context.Background()
	svc := setUpAppointments(b, s, c)
	r := appointment.DefaultRules()
	r.MaxOpenPerEmail = 0
	if err := svc.SaveRules(ctx, r); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.SaveLocation(ctx, appointment.Location{ID: "groot", Name: "Groot", Street: "Plein 1", City: "Voorbeeld", HoursText: "ma-vr 08:00-18:00"}); err != nil {
		b.Fatal(err)
	}
	var desks []int64
	for i := range 20 {
		d, err := svc.SaveDesk(ctx, appointment.Desk{LocationID: "groot", Name: fmt.Sprintf("Balie %d", i+1), Products: []string{"paspoort", "identiteitskaart"}})
		if err != nil {
			b.Fatal(err)
		}
		desks = append(desks, d.ID)
	}
	sched, err := svc.Schedule(ctx)
	if err != nil {
		b.Fatal(err)
	}
	loc, _ := sched.Location("groot")
	var days []time.Time
	for d := appointment.Date(c.Now()).AddDate(0, 0, 1); len(days) < 64; d = d.AddDate(0, 0, 1) {
		if len(loc.OpeningOn(d)) > 0 {
			days = append(days, d)
		}
	}
	// 10,000 appointments over 64 days and 20 desks: about 8 per desk per day, every 75 minutes from
	// 08:00, lasting 10, 20, 30 or 40 minutes plus the 5-minute buffer.
	err = s.InTx(ctx, func(tx *store.Tx) error {
		n := 0
		for n < 10000 {
			day, desk, k := days[n/160%len(days)], desks[n%20], n/20%8
			start := loc.OpeningOn(day)[0].From.Add(time.Duration(k*75+(n%3)*5) * time.Minute)
			length := time.Duration(10*(1+n%4)) * time.Minute
			a := appointment.Appointment{Reference: fmt.Sprintf("B-%06d", n), LocationID: "groot", DeskID: desk, Start: start,
				End: start.Add(length), BusyUntil: start.Add(length + 5*time.Minute)}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO appointments (reference, token_hash, location_id, desk_id, products, persons,
				start_unix, end_unix, busy_until_unix, email_key, state, source, created_at, updated_at)
				VALUES (?, ?, 'groot', ?, 'paspoort', 1, ?, ?, ?, ?, 'booked', 'web', ?, ?) RETURNING id`,
				a.Reference, a.Reference, desk, a.Start.Unix(), a.End.Unix(), a.BusyUntil.Unix(), fmt.Sprintf("p%d@example.nl", n),
				time.Now().UTC(), time.Now().UTC()).Scan(&id); err != nil {
				return err
			}
			var vals []string
			var args []any
			for _, cell := range a.Cells() {
				vals, args = append(vals, "(?, ?, ?)"), append(args, desk, cell, id)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO appointment_cells (desk_id, cell, appointment_id) VALUES `+strings.Join(vals, ", "), args...); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

// reportPercentiles adds p50 and p99 of the measured durations to the benchmark's output.
func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	if len(took) == 0 {
		return
	}
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkAppointmentSlots searches three months ahead at a location with 20 desks and 10,000 booked
// appointments, for a family of four (40 minutes), as the booking page and the slots API do.
func BenchmarkAppointmentSlots(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			c := storetest.NewClock(storetest.Amsterdam("2026-12-01 07:00"))
			svc := bigLocation(b, s, c)
			ctx := context.Background()
			q := appointment.SlotQuery{Products: []string{"paspoort"}, Persons: 4, Location: "groot", From: c.Now(), To: c.Now().AddDate(0, 3, 0)}
			var took []time.Duration
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				slots, err := svc.Slots(ctx, q)
				took = append(took, time.Since(t0))
				if err != nil || len(slots) < 1000 {
					b.Fatal(len(slots), err)
				}
			}
			reportPercentiles(b, took)
		})
	}
}

// BenchmarkAppointmentBook books one free slot after another at the same location: the rules, the
// search for a free desk on that day, and the commit of the appointment, its cells and its mail.
func BenchmarkAppointmentBook(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			c := storetest.NewClock(storetest.Amsterdam("2026-12-01 07:00"))
			svc := bigLocation(b, s, c)
			ctx := context.Background()
			slots, err := svc.Slots(ctx, appointment.SlotQuery{Products: []string{"paspoort"}, Persons: 1, Location: "groot",
				From: c.Now(), To: c.Now().AddDate(0, 3, 0)})
			if err != nil {
				b.Fatal(err)
			}
			var took []time.Duration
			i := 0
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				_, err := svc.Book(ctx, appointment.Booking{Products: []string{"paspoort"}, Persons: 1, Location: "groot",
					Start: slots[i%len(slots)].Start, Name: "Bench", Email: fmt.Sprintf("b%d@example.nl", i)})
				took = append(took, time.Since(t0))
				if err != nil && i < len(slots) {
					b.Fatal(err)
				}
				i++
			}
			reportPercentiles(b, took)
		})
	}
}
