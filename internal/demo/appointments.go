package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"loket/internal/appointment"
	"loket/internal/calendar"
	"loket/internal/store"
)

// demoCounterProducts are the counter products of gemeente Voorbeeld with their time per person.
var demoCounterProducts = []appointment.Product{
	{ID: "paspoort", Title: "Paspoort aanvragen", MinutesPerPerson: 10},
	{ID: "identiteitskaart", Title: "Identiteitskaart aanvragen", MinutesPerPerson: 10},
	{ID: "rijbewijs", Title: "Rijbewijs aanvragen of verlengen", MinutesPerPerson: 10},
	{ID: "uittreksel-brp", Title: "Uittreksel uit de BRP", MinutesPerPerson: 5},
	{ID: "immigratie", Title: "Inschrijven na komst uit het buitenland", MinutesPerPerson: 30},
	{ID: "erkenning-kind", Title: "Kind erkennen", MinutesPerPerson: 20},
	{ID: "naturalisatie", Title: "Naturalisatie aanvragen", MinutesPerPerson: 30},
}

var demoDesks = []appointment.Desk{
	{LocationID: "stadhuis", Name: "Balie 1", Products: []string{"paspoort", "identiteitskaart", "rijbewijs", "uittreksel-brp"}},
	{LocationID: "stadhuis", Name: "Balie 2", Products: []string{"paspoort", "identiteitskaart", "rijbewijs", "uittreksel-brp"}},
	{LocationID: "stadhuis", Name: "Balie 3", Products: []string{"immigratie", "erkenning-kind", "naturalisatie", "uittreksel-brp"}},
	{LocationID: "stadhuis", Name: "Balie 4", Products: []string{"paspoort", "identiteitskaart", "rijbewijs", "uittreksel-brp", "immigratie", "erkenning-kind", "naturalisatie"}},
	{LocationID: "wijkpost-noord", Name: "Balie Noord", Products: []string{"paspoort", "identiteitskaart", "rijbewijs", "uittreksel-brp"}},
}

var demoNames = []string{"Anna de Vries", "Mohammed El Amrani", "Sanne Jansen", "Piet Bakker", "Fatma Yilmaz", "Daan Visser",
	"Lotte Smit", "Kees Mulder", "Noor de Boer", "Jan Meijer", "Eva Bos", "Sem Vos", "Ayşe Demir", "Ruben Peters", "Iris Hendriks"}

// AppointmentSummary says what LoadAppointments stored.
type AppointmentSummary struct {
	Locations, Desks, Products, Booked int
}

// LoadAppointments sets up the demo counters (the Stadhuis and Wijkpost Noord, their desks, the counter
// products with durations and the booking rules) and fills three weeks before and three weeks after now
// with bookings through the appointment service on a moved clock: past ones checked in, some not
// attended or cancelled, with a walk-in now and then, so the day view and insight have something to show.
// It does nothing when locations exist already.
func LoadAppointments(ctx context.Context, st *store.Store, now time.Time) (AppointmentSummary, error) {
	var sum AppointmentSummary
	var clock time.Time
	svc := appointment.NewService(st, st, nil, appointment.MailSettings{BaseURL: "http://127.0.0.1:8080", Domain: "voorbeeld.nl"},
		func() time.Time { return clock })
	clock = now
	sched, err := svc.Schedule(ctx)
	if err != nil || len(sched.Locations) > 0 {
		return sum, err
	}
	if err := demoSchedule(ctx, svc, now); err != nil {
		return sum, err
	}
	sum.Locations, sum.Desks, sum.Products = 2, len(demoDesks), len(demoCounterProducts)
	rng := rand.New(rand.NewPCG(16, 2026))
	start := appointment.Date(now).AddDate(0, 0, -21)
	for day := start; day.Before(appointment.Date(now).AddDate(0, 0, 22)); day = day.AddDate(0, 0, 1) {
		n, err := demoDay(ctx, svc, &clock, rng, day, now)
		if err != nil {
			return sum, err
		}
		sum.Booked += n
	}
	// The waiting time to the first free slot as it was at noon on each past day.
	for day := start; !day.After(now); day = day.AddDate(0, 0, 1) {
		clock = day.Add(12 * time.Hour)
		if err := svc.SampleWaits(ctx); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func demoSchedule(ctx context.Context, svc *appointment.Service, now time.Time) error {
	r := appointment.DefaultRules()
	r.MaxOpenPerEmail = 0 // the demo's addresses repeat
	if err := svc.SaveRules(ctx, r); err != nil {
		return err
	}
	for _, p := range demoCounterProducts {
		if err := svc.SaveProduct(ctx, p); err != nil {
			return err
		}
	}
	for _, l := range []appointment.Location{
		{ID: "stadhuis", Name: "Stadhuis", Street: "Marktplein 1", Postcode: "1234 AB", City: "Voorbeeld", HoursText: "ma-vr 09:00-17:00; do 18:00-20:00"},
		{ID: "wijkpost-noord", Name: "Wijkpost Noord", Street: "Noorderplein 12", Postcode: "1235 CD", City: "Voorbeeld", HoursText: "di,do 09:00-12:30"},
	} {
		if _, err := svc.SaveLocation(ctx, l); err != nil {
			return err
		}
	}
	for _, d := range demoDesks {
		if _, err := svc.SaveDesk(ctx, d); err != nil {
			return err
		}
	}
	// An extra Saturday morning for travel documents in two weeks, and Wijkpost Noord closed a week from now.
	sat := appointment.Date(now).AddDate(0, 0, 14)
	for sat.Weekday() != time.Saturday {
		sat = sat.AddDate(0, 0, 1)
	}
	if err := svc.SaveDay(ctx, "stadhuis", sat.Format(time.DateOnly), false, "10:00-13:00", "Extra zaterdag voor reisdocumenten"); err != nil {
		return err
	}
	return svc.SaveDay(ctx, "wijkpost-noord", appointment.Date(now).AddDate(0, 0, 7).Format(time.DateOnly), true, "", "Verbouwing")
}

// demoDay books one date at both locations: the clock stands two weeks before the date while booking,
// then at each start for the counter's part.
func demoDay(ctx context.Context, svc *appointment.Service, clock *time.Time, rng *rand.Rand, day, now time.Time) (int, error) {
	n := 0
	for _, loc := range []struct {
		id    string
		count int
	}{{"stadhuis", 14}, {"wijkpost-noord", 4}} {
		bookedAt := day.AddDate(0, 0, -14).Add(8 * time.Hour)
		if now.Before(bookedAt) {
			bookedAt = now
		}
		var past []appointment.Appointment
		for range loc.count {
			*clock = bookedAt
			b, ok, err := demoBooking(ctx, svc, rng, loc.id, day)
			if err != nil {
				return n, err
			}
			if !ok {
				break
			}
			n++
			if b.End.Before(now) {
				past = append(past, b.Appointment)
			}
		}
		for _, a := range past {
			if err := demoOutcome(ctx, svc, clock, rng, a); err != nil {
				return n, err
			}
		}
	}
	if day.Before(now) && rng.IntN(3) == 0 && len(demoOpen(svc, ctx, day)) > 0 {
		*clock = day.Add(11 * time.Hour)
		_, err := svc.RegisterWalkIn(ctx, appointment.WalkIn{Location: "stadhuis", Products: []string{"uittreksel-brp"}, Persons: 1,
			Name: demoNames[rng.IntN(len(demoNames))], By: "balie@voorbeeld.nl"})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func demoOpen(svc *appointment.Service, ctx context.Context, day time.Time) []appointment.Period {
	sched, err := svc.Schedule(ctx)
	if err != nil {
		return nil
	}
	loc, _ := sched.Location("stadhuis")
	return loc.OpeningOn(day)
}

// demoBooking books a random product mix at a random free slot of the date; false when the date is full
// or closed.
func demoBooking(ctx context.Context, svc *appointment.Service, rng *rand.Rand, location string, day time.Time) (appointment.Booked, bool, error) {
	products := []string{"paspoort"}
	switch k := rng.IntN(10); {
	case k < 3:
		products = []string{"identiteitskaart"}
	case k < 5:
		products = []string{"rijbewijs"}
	case k == 5:
		products = []string{"paspoort", "identiteitskaart"}
	case k == 6 && location == "stadhuis":
		products = []string{[]string{"immigratie", "erkenning-kind", "naturalisatie"}[rng.IntN(3)]}
	case k == 7:
		products = []string{"uittreksel-brp"}
	}
	persons := 1 + rng.IntN(4)/3 // mostly one person, sometimes two
	if rng.IntN(12) == 0 {
		persons = 4 // a family
	}
	slots, err := svc.Slots(ctx, appointment.SlotQuery{Products: products, Persons: persons, Location: location, From: day, To: day.AddDate(0, 0, 1)})
	if err != nil || len(slots) == 0 {
		return appointment.Booked{}, false, err
	}
	name := demoNames[rng.IntN(len(demoNames))]
	b, err := svc.Book(ctx, appointment.Booking{Products: products, Persons: persons, Location: location,
		Start: slots[rng.IntN(len(slots))].Start, Name: name, Email: fmt.Sprintf("inwoner%d@example.nl", rng.IntN(5000)),
		Source: appointment.SourceWeb})
	return b, err == nil, err
}

// demoOutcome plays the counter's part of a past appointment: mostly checked in, sometimes "niet
// verschenen", now and then cancelled the day before.
func demoOutcome(ctx context.Context, svc *appointment.Service, clock *time.Time, rng *rand.Rand, a appointment.Appointment) error {
	switch k := rng.IntN(20); {
	case k == 0:
		*clock = a.Start.AddDate(0, 0, -2)
		return svc.Cancel(ctx, a, false)
	case k < 3:
		*clock = a.Start.Add(15 * time.Minute)
		_, err := svc.NoShow(ctx, a.ID)
		return err
	default:
		*clock = a.Start.Add(-time.Duration(rng.IntN(10)) * time.Minute).In(calendar.Amsterdam)
		_, err := svc.CheckIn(ctx, a.ID, "balie@voorbeeld.nl")
		return err
	}
}
