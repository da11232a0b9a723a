package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// setUpAppointments stores the schedule of the tests: the Stadhuis (weekdays 09:00-17:00, two desks for
// passports and ID cards) and Wijkpost Noord (Tuesday and Thursday 09:00-12:00, one desk for ID cards
// only); 10 minutes per person per product, a 5-minute buffer, slots every 10 minutes, an hour's notice,
// nothing held back, at most 6 persons and 2 open appointments per address, changes until 24 hours before.
func setUpAppointments(t testing.TB, s *store.Store, c *storetest.Clock) *appointment.Service {
	t.Helper()
	ctx := context.Background()
	arts := []kb.Article{
		{ID: "paspoort", Type: kb.TypeProduct, Title: "Paspoort aanvragen", Summary: "Een paspoort.", Cost: "€ 84,00 (18 jaar en ouder)",
			Body: "## Wat moet u meenemen?\n- Al uw paspoorten en ID-kaarten\n- Eén pasfoto in kleur\n\n## Wat kost het?\n- € 84,00\n"},
		{ID: "identiteitskaart", Type: kb.TypeProduct, Title: "Identiteitskaart aanvragen", Summary: "Een ID-kaart.", Cost: "€ 77,20",
			Body: "## Wat moet u meenemen?\n- Uw oude ID-kaart\n"},
	}
	for _, a := range arts {
		if err := s.SaveArticle(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	svc := appointment.NewService(s, s, nil, appointment.MailSettings{BaseURL: "https://loket.test", Domain: "voorbeeld.nl"}, c.Now)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	r := appointment.DefaultRules()
	r.UrgentPercent, r.MaxOpenPerEmail = 0, 2
	must(svc.SaveRules(ctx, r))
	must(svc.SaveProduct(ctx, appointment.Product{ID: "paspoort", Title: "Paspoort aanvragen", MinutesPerPerson: 10}))
	must(svc.SaveProduct(ctx, appointment.Product{ID: "identiteitskaart", Title: "Identiteitskaart aanvragen", MinutesPerPerson: 10}))
	_, err := svc.SaveLocation(ctx, appointment.Location{ID: "stadhuis", Name: "Stadhuis", Street: "Marktplein 1", Postcode: "1234 AB", City: "Voorbeeld", HoursText: "ma-vr 09:00-17:00"})
	must(err)
	_, err = svc.SaveLocation(ctx, appointment.Location{ID: "noord", Name: "Wijkpost Noord", Street: "Noordweg 5", Postcode: "1235 CD", City: "Voorbeeld", HoursText: "di,do 09:00-12:00"})
	must(err)
	for _, d := range []appointment.Desk{
		{LocationID: "stadhuis", Name: "Balie 1", Products: []string{"paspoort", "identiteitskaart"}},
		{LocationID: "stadhuis", Name: "Balie 2", Products: []string{"paspoort", "identiteitskaart"}},
		{LocationID: "noord", Name: "Balie Noord", Products: []string{"identiteitskaart"}},
	} {
		_, err := svc.SaveDesk(ctx, d)
		must(err)
	}
	return svc
}

func countRows(t testing.TB, s *store.Store, table string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func family(start time.Time, email string) appointment.Booking {
	return appointment.Booking{Products: []string{"paspoort"}, Persons: 4, Location: "stadhuis", Start: start,
		Name: "Fam. de Vries", Email: email, Phone: "06 12345678"}
}

func TestBookChangeCancelAppointment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00")) // Tuesday
		svc := setUpAppointments(t, s, c)
		start := storetest.Amsterdam("2026-12-08 10:00")
		b, err := svc.Book(ctx, family(start, "vries@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		// 10 minutes x 4 persons: until 10:40.
		if !b.End.Equal(storetest.Amsterdam("2026-12-08 10:40")) || b.State != appointment.StateBooked || !strings.HasPrefix(b.ChangeLink, "https://loket.test/afspraak/") {
			t.Fatalf("booked %+v", b)
		}
		mails, err := s.RequestMails(ctx, "vries@example.nl")
		if err != nil || len(mails) != 1 {
			t.Fatalf("confirmation mails %d, %v", len(mails), err)
		}
		body := mails[0].Body
		for _, want := range []string{"dinsdag 8 december 2026", "10:00 tot 10:40", "Stadhuis, Marktplein 1, 1234 AB Voorbeeld",
			"Al uw paspoorten en ID-kaarten", "€ 84,00", b.ChangeLink, "4 personen"} {
			if !strings.Contains(body, want) {
				t.Errorf("confirmation lacks %q:\n%s", want, body)
			}
		}
		claimed, err := s.ClaimOutbox(ctx, 10, time.Minute)
		if err != nil || len(claimed) != 1 || len(claimed[0].Attachments) != 1 {
			t.Fatalf("claimed %d mails, %v", len(claimed), err)
		}
		ics := string(claimed[0].Attachments[0].Data)
		// 10:00 in December (CET, UTC+1) is 09:00 UTC.
		if !strings.Contains(ics, "DTSTART:20261208T090000Z\r\n") || !strings.Contains(ics, "DTEND:20261208T094000Z\r\n") {
			t.Errorf("calendar file:\n%s", ics)
		}
		// The time is gone from the slots at both desks? One desk is still free at 10:00.
		if d := desksFreeAt(t, svc, s, start); len(d) != 1 {
			t.Errorf("10:00 should have one desk left, has %v", d)
		}
		got, err := svc.ByToken(ctx, b.Token)
		if err != nil || got.ID != b.ID {
			t.Fatalf("by token: %v %v", got.ID, err)
		}
		moved, err := svc.Move(ctx, got, storetest.Amsterdam("2026-12-08 14:00"), false, b.Token)
		if err != nil {
			t.Fatal(err)
		}
		if moved.Sequence != 1 || !moved.Start.Equal(storetest.Amsterdam("2026-12-08 14:00")) {
			t.Errorf("moved %+v", moved)
		}
		if d := desksFreeAt(t, svc, s, start); len(d) != 2 {
			t.Errorf("after the move 10:00 should be free at both desks again, has %v", d)
		}
		slots, err := svc.Slots(ctx, appointment.SlotQuery{Products: []string{"paspoort"}, Persons: 4,
			From: storetest.Amsterdam("2026-12-08 00:00"), To: storetest.Amsterdam("2026-12-09 00:00")})
		if err != nil || slotAt(slots, storetest.Amsterdam("2026-12-08 14:00")).Location != "stadhuis" {
			t.Errorf("slots at every location: %d, %v", len(slots), err)
		}
		if err := svc.CancelByToken(ctx, b.Token); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "appointment_cells"); n != 0 {
			t.Errorf("%d cells left after cancelling", n)
		}
		// Cancelling ends the change links: a second cancel through the link finds nothing.
		if err := svc.CancelByToken(ctx, b.Token); !errors.Is(err, appointment.ErrNotFound) {
			t.Errorf("second cancel: %v, want ErrNotFound", err)
		}
		if err := svc.Cancel(ctx, b.Appointment, true); !errors.Is(err, appointment.ErrNotBooked) {
			t.Errorf("second cancel by staff: %v, want ErrNotBooked", err)
		}
		if mails, _ := s.RequestMails(ctx, "vries@example.nl"); len(mails) != 3 || !strings.Contains(mails[0].Subject, "afgezegd") {
			t.Errorf("mails after move and cancel: %d", len(mails))
		}
	})
}

// desksFreeAt lists the Stadhuis desks free at start for a family of four, as a booking sees them.
func desksFreeAt(t *testing.T, svc *appointment.Service, s *store.Store, start time.Time) []int64 {
	t.Helper()
	ctx := context.Background()
	sched, err := svc.Schedule(ctx)
	if err != nil {
		t.Fatal(err)
	}
	busy, err := s.AppointmentBusy(ctx, "stadhuis", appointment.Date(start), appointment.Date(start).AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	return sched.DesksFreeAt(appointment.SlotQuery{Products: []string{"paspoort"}, Persons: 4, Location: "stadhuis"}, busy, svc.Now(), start)
}

func slotAt(slots []appointment.Slot, t time.Time) appointment.Slot {
	for _, s := range slots {
		if s.Start.Equal(t) {
			return s
		}
	}
	return appointment.Slot{}
}

func TestBookingRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00")) // Tuesday
		svc := setUpAppointments(t, s, c)
		ok := family(storetest.Amsterdam("2026-12-08 10:00"), "a@example.nl")
		cases := []struct {
			name   string
			change func(b *appointment.Booking)
			field  string
			want   string
		}{
			{"in the past", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-11-30 10:00") }, "start", "al voorbij"},
			{"within the notice", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-12-01 10:30") }, "start", "minstens 60 minuten"},
			{"outside opening hours", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-12-08 18:00") }, "start", "buiten de openingstijden"},
			{"on a Saturday", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-12-05 10:00") }, "start", "gesloten"},
			{"on Christmas Day", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-12-25 10:00") }, "start", "vrijdag 25 december 2026 is Stadhuis gesloten"},
			{"past closing time", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-12-08 16:30") }, "start", "past niet meer voor sluitingstijd (17:00)"},
			{"off the grid", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2026-12-08 10:03") }, "start", "uit de lijst"},
			{"beyond the horizon", func(b *appointment.Booking) { b.Start = storetest.Amsterdam("2027-03-15 10:00") }, "start", "90 dagen"},
			{"product not offered there", func(b *appointment.Booking) { b.Location = "noord"; b.Start = storetest.Amsterdam("2026-12-08 10:00") }, "products", "niet terecht in Wijkpost Noord"},
			{"unknown product", func(b *appointment.Booking) { b.Products = []string{"kapvergunning"} }, "products", "geen afspraak"},
			{"too many persons", func(b *appointment.Booking) { b.Persons = 7 }, "persons", "1 tot en met 6"},
			{"no persons", func(b *appointment.Booking) { b.Persons = 0 }, "persons", "1 tot en met 6"},
			{"unknown location", func(b *appointment.Booking) { b.Location = "maan" }, "location", "uit de lijst"},
			{"no name", func(b *appointment.Booking) { b.Name = " " }, "name", "naam"},
			{"bad e-mail", func(b *appointment.Booking) { b.Email = "a@b" }, "email", "geldig e-mailadres"},
			{"bad phone", func(b *appointment.Booking) { b.Phone = "bel me" }, "phone", "telefoonnummer"},
		}
		for _, tc := range cases {
			b := ok
			tc.change(&b)
			_, err := svc.Book(ctx, b)
			if problem.KindOf(err) != problem.Invalid {
				t.Errorf("%s: %v, want a validation error", tc.name, err)
				continue
			}
			if fields := problem.FieldsOf(err); !strings.Contains(fields[tc.field], tc.want) {
				t.Errorf("%s: field %s says %q, want %q (all: %v)", tc.name, tc.field, fields[tc.field], tc.want, fields)
			}
		}
		// Every error at once.
		_, err := svc.Book(ctx, appointment.Booking{Location: "stadhuis"})
		if len(problem.FieldsOf(err)) < 4 {
			t.Errorf("empty booking: %v", err)
		}
		if n := countRows(t, s, "appointments") + countRows(t, s, "outbox") + countRows(t, s, "appointment_cells"); n != 0 {
			t.Fatalf("bad input stored %d rows", n)
		}

		// Longer than the desk's free time: two persons fit at 10:00 only until 10:20 at both desks.
		for _, email := range []string{"x@example.nl", "y@example.nl"} {
			b := ok
			b.Persons, b.Email, b.Start = 1, email, storetest.Amsterdam("2026-12-08 10:20")
			if _, err := svc.Book(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		long := ok
		long.Email = "z@example.nl" // 40 minutes from 10:00 runs into 10:20 at both desks
		_, err = svc.Book(ctx, long)
		if problem.KindOf(err) != problem.Conflict || !errors.Is(err, appointment.ErrSlotTaken) || !strings.Contains(problem.MessageOf(err), "40 minuten") {
			t.Errorf("too long: %v", err)
		}
		// The per-address limit: two open appointments, the third is refused.
		for i, at := range []string{"2026-12-09 10:00", "2026-12-09 11:00", "2026-12-09 12:00"} {
			b := ok
			b.Email, b.Persons, b.Start = "veel@example.nl", 1, storetest.Amsterdam(at)
			_, err := svc.Book(ctx, b)
			if i < 2 && err != nil {
				t.Fatal(err)
			}
			if i == 2 && !strings.Contains(problem.FieldsOf(err)["email"], "al 2 afspraken") {
				t.Errorf("third booking for one address: %v", err)
			}
		}
		// Unknown, malformed and expired change links.
		if _, err := svc.ByToken(ctx, "kort"); !errors.Is(err, appointment.ErrNotFound) {
			t.Errorf("malformed link: %v", err)
		}
		if _, err := svc.ByToken(ctx, strings.Repeat("A", 43)); !errors.Is(err, problem.ErrNotFound) || problem.KindOf(err) != problem.NotFound {
			t.Errorf("unknown link: %v", err)
		}
		near := ok
		near.Email, near.Persons, near.Start = "snel@example.nl", 1, storetest.Amsterdam("2026-12-02 09:00")
		bk, err := svc.Book(ctx, near)
		if err != nil {
			t.Fatal(err)
		}
		c.Set(storetest.Amsterdam("2026-12-01 09:01")) // 23 h 59 before: past the 24-hour cut-off
		if err := svc.CancelByToken(ctx, bk.Token); !errors.Is(err, appointment.ErrTooLate) {
			t.Errorf("cancel after the cut-off: %v", err)
		}
		if _, err := svc.Move(ctx, bk.Appointment, storetest.Amsterdam("2026-12-03 09:00"), false, bk.Token); !errors.Is(err, appointment.ErrTooLate) {
			t.Errorf("move after the cut-off: %v", err)
		}
	})
}

// TestNoDoubleBooking sends 200 bookings at once for the last free slot, through two store instances on
// one database: exactly one wins, 199 get a clear conflict, and the desk holds one appointment.
func TestNoDoubleBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00"))
		svc := setUpAppointments(t, s, c)
		// Wijkpost Noord opens one extra morning for ten minutes: exactly one 10-minute slot at one desk.
		if err := svc.SaveDay(ctx, "noord", "2026-12-12", false, "09:00-09:10", "extra"); err != nil {
			t.Fatal(err)
		}
		other, err := store.Open(ctx, s.DSN())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		svc2 := appointment.NewService(other, other, nil, appointment.MailSettings{BaseURL: "https://loket.test"}, c.Now)
		slot := storetest.Amsterdam("2026-12-12 09:00")
		var wins, conflicts, others int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				use := svc
				if i%2 == 1 {
					use = svc2
				}
				_, err := use.Book(ctx, appointment.Booking{Products: []string{"identiteitskaart"}, Persons: 1, Location: "noord",
					Start: slot, Name: "Inwoner", Email: fmt.Sprintf("p%d@example.nl", i)})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, appointment.ErrSlotTaken):
					conflicts++
				default:
					others++
					t.Errorf("booking %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 || conflicts != 199 || others != 0 {
			t.Fatalf("%d booked, %d conflicts, %d other errors; want 1, 199, 0", wins, conflicts, others)
		}
		if n := countRows(t, s, "appointments"); n != 1 {
			t.Errorf("%d appointments stored, want 1", n)
		}
		if n := countRows(t, s, "outbox"); n != 1 {
			t.Errorf("%d confirmation mails, want 1", n)
		}
		// Both instances see the slot taken, and free again at once after a cancellation on the other one.
		day := appointment.SlotQuery{Products: []string{"identiteitskaart"}, Persons: 1, Location: "noord",
			From: storetest.Amsterdam("2026-12-12 00:00"), To: storetest.Amsterdam("2026-12-13 00:00")}
		for i, use := range []*appointment.Service{svc, svc2} {
			if slots, err := use.Slots(ctx, day); err != nil || len(slots) != 0 {
				t.Errorf("instance %d: %d slots left, %v", i+1, len(slots), err)
			}
		}
		booked, err := svc.Appointments(ctx, appointment.Filter{Location: "noord"})
		if err != nil || len(booked) != 1 {
			t.Fatal(len(booked), err)
		}
		if err := svc.Cancel(ctx, booked[0], true); err != nil {
			t.Fatal(err)
		}
		if slots, err := svc2.Slots(ctx, day); err != nil || len(slots) != 1 {
			t.Errorf("other instance after the cancellation: %d slots, %v", len(slots), err)
		}
	})
}

func TestMoveAcrossTheChangeToWinterTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-10-20 10:00"))
		svc := setUpAppointments(t, s, c)
		// Friday 23 October 2026, summer time: 09:00 is 07:00 UTC.
		b, err := svc.Book(ctx, family(storetest.Amsterdam("2026-10-23 09:00"), "dst@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Start.UTC().Format("2006-01-02 15:04"); got != "2026-10-23 07:00" {
			t.Errorf("Friday 09:00 stored as %s UTC", got)
		}
		// Over the last Sunday of October to Monday 26 October, winter time: 09:00 is 08:00 UTC.
		a, _ := svc.ByToken(ctx, b.Token)
		moved, err := svc.Move(ctx, a, storetest.Amsterdam("2026-10-26 09:00"), false, b.Token)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := s.AppointmentByID(ctx, moved.ID)
		if got := stored.Start.UTC().Format("2006-01-02 15:04"); got != "2026-10-26 08:00" {
			t.Errorf("Monday 09:00 stored as %s UTC", got)
		}
		if got := stored.End.Sub(stored.Start); got != 40*time.Minute {
			t.Errorf("length %v after the move", got)
		}
		claimed, _ := s.ClaimOutbox(ctx, 10, time.Minute)
		var ics string
		for _, m := range claimed {
			if strings.Contains(m.Subject, "verzet") {
				ics = string(m.Attachments[0].Data)
			}
		}
		if !strings.Contains(ics, "DTSTART:20261026T080000Z") || !strings.Contains(ics, "SEQUENCE:1") {
			t.Errorf("moved calendar file:\n%s", ics)
		}
		// The reminder goes out on Sunday 25 October from 09:00 (the reminder hour), once.
		c.Set(storetest.Amsterdam("2026-10-25 08:59"))
		if n, err := svc.SendReminders(ctx); n != 0 || err != nil {
			t.Errorf("before the reminder hour: %d, %v", n, err)
		}
		c.Set(storetest.Amsterdam("2026-10-25 09:00"))
		if n, err := svc.SendReminders(ctx); n != 1 || err != nil {
			t.Errorf("reminders on the day before: %d, %v", n, err)
		}
		if n, _ := svc.SendReminders(ctx); n != 0 {
			t.Errorf("reminder sent twice")
		}
		mails, _ := s.RequestMails(ctx, "dst@example.nl")
		if !strings.Contains(mails[0].Subject, "Herinnering: morgen om 09:00 uur") || !strings.Contains(mails[0].Body, "maandag 26 oktober 2026") {
			t.Errorf("reminder %q:\n%s", mails[0].Subject, mails[0].Body)
		}
	})
}

func TestCounterCheckInNoShowAndWalkIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00"))
		svc := setUpAppointments(t, s, c)
		b1, err := svc.Book(ctx, family(storetest.Amsterdam("2026-12-02 10:00"), "komt@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		b2, err := svc.Book(ctx, family(storetest.Amsterdam("2026-12-02 11:00"), "niet@example.nl"))
		if err != nil {
			t.Fatal(err)
		}
		c.Set(storetest.Amsterdam("2026-12-02 09:55"))
		in, err := svc.CheckIn(ctx, b1.ID, "balie@voorbeeld.nl")
		if err != nil {
			t.Fatal(err)
		}
		conv, err := s.Conversation(ctx, in.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		if conv.Channel != contact.ChannelCounter || conv.PartyEmail != "komt@example.nl" || conv.TopicID != "paspoort" ||
			conv.State != contact.StateClosed || !strings.Contains(conv.Subject, "Paspoort aanvragen, 4 personen") {
			t.Errorf("counter contact %+v", conv)
		}
		if _, err := svc.CheckIn(ctx, b1.ID, "balie@voorbeeld.nl"); !errors.Is(err, appointment.ErrNotBooked) {
			t.Errorf("second check-in: %v", err)
		}
		if _, err := svc.NoShow(ctx, b2.ID); err == nil {
			t.Error("no-show before the start was accepted")
		}
		c.Set(storetest.Amsterdam("2026-12-02 11:20"))
		if _, err := svc.NoShow(ctx, b2.ID); err != nil {
			t.Fatal(err)
		}
		w, err := svc.RegisterWalkIn(ctx, appointment.WalkIn{Location: "stadhuis", Products: []string{"identiteitskaart"}, Name: "Loopt binnen", By: "balie@voorbeeld.nl"})
		if err != nil || w.ConversationID == 0 {
			t.Fatalf("walk-in %+v %v", w, err)
		}
		day, err := svc.DayView(ctx, "stadhuis", storetest.Amsterdam("2026-12-02 00:00"))
		if err != nil {
			t.Fatal(err)
		}
		var states []string
		for _, a := range day.Appointments {
			states = append(states, string(a.State)+"/"+a.Source)
		}
		if got := strings.Join(states, " "); got != "checked_in/web no_show/web checked_in/walk_in" {
			t.Errorf("day view %s", got)
		}
		// Insight: per product and location 2 booked (1 no-show), 1 walk-in for ID cards; utilisation of
		// desk 1: the kept 40 minutes of 480 open minutes that day = 8.33 %.
		r, err := svc.Report(ctx, storetest.Amsterdam("2026-12-02 00:00"), storetest.Amsterdam("2026-12-03 00:00"))
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]appointment.Count{}
		for _, c := range r.Counts {
			counts[c.Product+"@"+c.Location] = c
		}
		if p := counts["paspoort@stadhuis"]; p.Booked != 2 || p.NoShows != 1 || p.Cancelled != 0 {
			t.Errorf("passport counts %+v", p)
		}
		if id := counts["identiteitskaart@stadhuis"]; id.WalkIns != 1 || id.Booked != 0 {
			t.Errorf("ID card counts %+v", id)
		}
		var used []string
		for _, u := range r.Utilisation {
			if u.Location == "stadhuis" {
				used = append(used, fmt.Sprintf("%d/%d", u.Booked, u.OpenMinutes))
			}
		}
		if got := strings.Join(used, " "); got != "40/480 0/480" {
			t.Errorf("utilisation %s, want 40/480 0/480", got)
		}
	})
}

func TestWaitingTimeSamples(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00")) // Tuesday 10:00, an hour's notice
		svc := setUpAppointments(t, s, c)
		if err := svc.SampleWaits(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := svc.Report(ctx, storetest.Amsterdam("2026-12-01 00:00"), storetest.Amsterdam("2026-12-02 00:00"))
		if err != nil {
			t.Fatal(err)
		}
		// First free slot for one person: 11:00 at the Stadhuis, 60 minutes from now, for both products.
		got := map[string]int64{}
		for _, w := range r.Waits {
			got[w.Product] = w.Minutes
		}
		if got["paspoort"] != 60 || got["identiteitskaart"] != 60 || len(r.Waits) != 2 {
			t.Errorf("waits %v, want 60 minutes each", r.Waits)
		}
	})
}

// TestAppointmentInsightEvents follows a booking and a check-in through the insight recorder into the
// events table: one booking and one check-in per product, and the visit counted as a counter contact.
func TestAppointmentInsightEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.NewClock(storetest.Amsterdam("2026-12-01 10:00"))
		setUpAppointments(t, s, c)
		rec := insight.NewRecorder(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		defer rec.Close()
		svc := appointment.NewService(s, s, rec, appointment.MailSettings{BaseURL: "https://loket.test"}, c.Now)
		b := family(storetest.Amsterdam("2026-12-02 10:00"), "tel@example.nl")
		b.Products = []string{"paspoort", "identiteitskaart"}
		booked, err := svc.Book(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		c.Set(storetest.Amsterdam("2026-12-02 09:58"))
		if _, err := svc.CheckIn(ctx, booked.ID, "balie@voorbeeld.nl"); err != nil {
			t.Fatal(err)
		}
		if err := rec.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := s.DB().Query(`SELECT type, channel, article_id, topic, n, value FROM insight_events ORDER BY type, article_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var typ, ch, art, topic string
			var n, v int64
			if err := rows.Scan(&typ, &ch, &art, &topic, &n, &v); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %s %s %s %d %d", typ, ch, art, topic, n, v))
		}
		// Two products for four persons: (10 + 10) x 4 = 80 minutes = 4800 seconds at the desk. Booked at
		// 10:00 on 1 December, the first free slot was 11:00 (an hour's notice): a wait of 60 minutes.
		want := []string{
			"appointment_booked counter identiteitskaart locatie:stadhuis 1 0",
			"appointment_booked counter paspoort locatie:stadhuis 1 0",
			"appointment_checked_in counter identiteitskaart locatie:stadhuis 1 0",
			"appointment_checked_in counter paspoort locatie:stadhuis 1 0",
			"appointment_wait_minutes counter identiteitskaart locatie:stadhuis 1 60",
			"appointment_wait_minutes counter paspoort locatie:stadhuis 1 60",
			"contact counter  paspoort 1 0",
			"handle_seconds counter paspoort  1 4800",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
