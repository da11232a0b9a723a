package store_test

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"loket/internal/appointment"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var changeToken = regexp.MustCompile(`/afspraak/([A-Za-z0-9_-]{43})`)

// TestEveryMailGetsItsOwnChangeLink: a move by staff mails a fresh link (the store keeps only hashes, so
// it cannot repeat the first one), both links open the appointment, a move carries their expiry along,
// and they stop at the end of the appointment; a cancellation ends every link at once.
func TestEveryMailGetsItsOwnChangeLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00"))
		svc := setUpAppointments(t, s, c)
		b, err := svc.Book(ctx, family(storetest.Amsterdam("2026-12-08 10:00"), "links@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		moved, err := svc.Move(ctx, b.Appointment, storetest.Amsterdam("2026-12-09 14:00"), true, "")
		if err != nil {
			t.Fatal(err)
		}
		mails, err := s.RequestMails(ctx, "links@example.nl")
		if err != nil || len(mails) != 2 {
			t.Fatalf("%d mails, %v; want the confirmation and the move", len(mails), err)
		}
		var staffLink string
		for _, m := range mails {
			if found := changeToken.FindStringSubmatch(m.Body); found != nil && found[1] != b.Token {
				staffLink = found[1]
			}
		}
		if staffLink == "" {
			t.Fatalf("the mail after the staff move has no fresh change link:\n%s\n---\n%s", mails[0].Body, mails[1].Body)
		}
		for _, token := range []string{b.Token, staffLink} {
			a, err := svc.ByToken(ctx, token)
			if err != nil || a.ID != b.ID || !a.Start.Equal(moved.Start) {
				t.Fatalf("link %s: %+v %v", token[:6], a, err)
			}
		}
		// The move put the end at 14:40 on the 9th: the links work until then, not until 10:40 on the 8th.
		c.Set(storetest.Amsterdam("2026-12-09 14:39"))
		if _, err := svc.ByToken(ctx, b.Token); err != nil {
			t.Errorf("first link a minute before the end: %v", err)
		}
		c.Set(storetest.Amsterdam("2026-12-09 14:40"))
		for _, token := range []string{b.Token, staffLink} {
			if _, err := svc.ByToken(ctx, token); !errors.Is(err, appointment.ErrNotFound) {
				t.Errorf("link at the end of the appointment: %v, want ErrNotFound", err)
			}
		}

		c.Set(storetest.Amsterdam("2026-12-01 10:00"))
		b2, err := svc.Book(ctx, family(storetest.Amsterdam("2026-12-10 10:00"), "weg@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Move(ctx, b2.Appointment, storetest.Amsterdam("2026-12-10 11:00"), true, ""); err != nil {
			t.Fatal(err)
		}
		if err := svc.CancelByToken(ctx, b2.Token); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "appointment_links"); n != 2 {
			t.Errorf("%d change links kept, want the 2 of the first appointment (the cancelled one's are deleted)", n)
		}
		if _, err := svc.ByToken(ctx, b2.Token); !errors.Is(err, appointment.ErrNotFound) {
			t.Errorf("link of a cancelled appointment: %v", err)
		}
	})
}

// TestScheduleChangeReachesTheOtherInstance: each instance keeps the schedule it read; a change made
// through one instance (a new product, an extra closing day) is in the other's next read.
func TestScheduleChangeReachesTheOtherInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00"))
		svc := setUpAppointments(t, s, c)
		other, err := store.Open(ctx, s.DSN())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		svc2 := appointment.NewService(other, other, nil, appointment.MailSettings{BaseURL: "https://loket.test"}, c.Now)
		if sched, err := svc2.Schedule(ctx); err != nil || len(sched.Products) != 2 {
			t.Fatalf("the other instance's first read: %d products, %v", len(sched.Products), err)
		}
		if err := svc.SaveProduct(ctx, appointment.Product{ID: "rijbewijs", Title: "Rijbewijs", MinutesPerPerson: 15}); err != nil {
			t.Fatal(err)
		}
		if err := svc.SaveDay(ctx, "stadhuis", "2026-12-08", true, "", "studiedag"); err != nil {
			t.Fatal(err)
		}
		sched, err := svc2.Schedule(ctx)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := sched.Location("stadhuis")
		if _, ok := sched.Product("rijbewijs"); !ok || len(loc.OpeningOn(storetest.Amsterdam("2026-12-08 00:00"))) != 0 {
			t.Errorf("the other instance still has the old schedule: %d products, 8 December open %v", len(sched.Products), loc.OpeningOn(storetest.Amsterdam("2026-12-08 00:00")))
		}
	})
}
