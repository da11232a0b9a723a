package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestCounterStaffingFromVisits records two weeks of counter visits at the Stadhuis (open weekdays
// 09:00-17:00) through the service and checks the staffing page's figures, worked out by hand:
//
//   - Monday 10:00-11:00: 9 walk-ins on 7 and on 14 December, each 10 minutes (one passport): 9 an
//     hour. Erlang C with A = 9·10/60 = 1.5 Erlang and the default target of 80% within 10 minutes:
//     2 desks give 1 − (4.5/7)·e^(−0.5) = 61.0%, 3 desks 1 − (1.125/4.75)·e^(−1.5) = 94.7%: 3 desks.
//     Booked: on 7 December 10:00-10:40 (4 passports) and 10:50-11:10 (passport and ID card), on 14
//     December 10:00-10:40 (2 × passport and ID card) and 10:50-11:10 (2 passports): 50 + 50 minutes in
//     this hour over two Mondays = 50 minutes a week = 0.833 desk hours, 1 desk. Together 4 desks and
//     3.833 desk hours.
//   - Monday 11:00-12:00: 10 + 10 booked minutes over two Mondays = 10 minutes: 1 desk, 0.167 desk hours.
//   - Monday 15:00-16:00: a booking that was cancelled counts for nothing: 0 desks.
//   - Tuesday 14:00-15:00: 2 walk-ins on 8 December, none on 15 December: 1 an hour, A = 1/6; 1 desk
//     gives 1 − (1/6)·e^(−5/6) = 92.8%: 1 desk, 1 desk hour.
//   - The week: 3.833 + 0.167 + 1 = 5 desk hours, over 40 open hours (8 a day, 5 days).
func TestCounterStaffingFromVisits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-04 10:00"))
		svc := setUpAppointments(t, s, c)
		book := func(start string, products []string, persons int, email string) appointment.Booked {
			t.Helper()
			b, err := svc.Book(ctx, appointment.Booking{Products: products, Persons: persons, Location: "stadhuis", Start: storetest.Amsterdam(start),
				Name: "Inwoner", Email: email})
			if err != nil {
				t.Fatalf("book %s: %v", start, err)
			}
			return b
		}
		both := []string{"paspoort", "identiteitskaart"}
		book("2026-12-07 10:00", []string{"paspoort"}, 4, "a@example.nl")
		book("2026-12-07 10:50", both, 1, "b@example.nl")
		cancelled := book("2026-12-07 15:00", []string{"paspoort"}, 1, "c@example.nl")
		if err := svc.Cancel(ctx, cancelled.Appointment, false); err != nil {
			t.Fatal(err)
		}
		book("2026-12-14 10:00", both, 2, "d@example.nl")
		book("2026-12-14 10:50", []string{"paspoort"}, 2, "e@example.nl")
		walkIn := func(at string) {
			t.Helper()
			c.Set(storetest.Amsterdam(at))
			if _, err := svc.RegisterWalkIn(ctx, appointment.WalkIn{Location: "stadhuis", Products: []string{"paspoort"}, Name: "Binnenloper"}); err != nil {
				t.Fatal(err)
			}
		}
		for _, day := range []string{"2026-12-07", "2026-12-14"} {
			for i := range 9 {
				walkIn(day + " 10:" + [...]string{"00", "05", "10", "15", "20", "25", "30", "35", "40"}[i])
			}
		}
		walkIn("2026-12-08 14:10")
		walkIn("2026-12-08 14:50")

		cs, err := svc.CounterStaffing(ctx, "stadhuis", storetest.Amsterdam("2026-12-07 00:00"), storetest.Amsterdam("2026-12-21 00:00"))
		if err != nil {
			t.Fatal(err)
		}
		if len(cs.Hours) != 40 || cs.Target.Share != 0.8 || cs.Target.Within != 10*time.Minute {
			t.Fatalf("%d hours, target %+v; want 40 open hours and 80%% within 10 minutes", len(cs.Hours), cs.Target)
		}
		at := map[[2]int]insight.CounterNeed{}
		for _, h := range cs.Hours {
			at[[2]int{int(h.Weekday), h.Hour}] = h
		}
		for _, w := range []struct {
			day         time.Weekday
			hour        int
			walkIns     float64
			planned     float64
			walkInDesks int
			desks       int
			deskHours   float64
		}{
			{time.Monday, 10, 9, 50, 3, 4, 50.0/60 + 3},
			{time.Monday, 11, 0, 10, 0, 1, 10.0 / 60},
			{time.Monday, 15, 0, 0, 0, 0, 0},
			{time.Tuesday, 14, 1, 0, 1, 1, 1},
			{time.Wednesday, 9, 0, 0, 0, 0, 0},
		} {
			h := at[[2]int{int(w.day), w.hour}]
			if math.Abs(h.WalkInsPerHour-w.walkIns) > 1e-9 || math.Abs(h.PlannedMinutes-w.planned) > 1e-9 || h.WalkInDesks != w.walkInDesks ||
				h.Desks != w.desks || math.Abs(h.DeskHours-w.deskHours) > 1e-9 {
				t.Errorf("%s %d:00: %+v; want %g walk-ins, %g planned minutes, %d walk-in desks, %d desks, %.3f desk hours",
					w.day, w.hour, h, w.walkIns, w.planned, w.walkInDesks, w.desks, w.deskHours)
			}
			if w.walkIns > 0 && h.WalkInMinutes != 10 {
				t.Errorf("%s %d:00: walk-ins take %g minutes, want 10", w.day, w.hour, h.WalkInMinutes)
			}
		}
		if math.Abs(cs.WeekDeskHours-5) > 1e-9 {
			t.Errorf("week: %.4f desk hours, want 5", cs.WeekDeskHours)
		}
	})
}
