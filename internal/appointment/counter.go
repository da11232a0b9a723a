package appointment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/insight"
)

// visit is the counter contact of an appointment: the first product is its topic.
func (s *Service) visit(ctx context.Context, sched Schedule, a Appointment, by string) (Visit, error) {
	infos, err := s.Info(ctx, sched, a.Products)
	if err != nil {
		return Visit{}, err
	}
	subject := "Balie: " + Summary(infos, a.Persons)
	note := fmt.Sprintf("Afspraak %s om %s uur aan de balie.", a.Reference, Clock(a.Start))
	if a.Source == SourceWalkIn {
		note = "Zonder afspraak aan de balie geholpen."
	}
	return Visit{Name: a.Name, Email: a.Email, Phone: a.Phone, Topic: a.Products[0], Subject: subject, Note: note, By: by}, nil
}

// CheckIn records that the resident arrived: the appointment is checked in and the visit becomes a
// counter contact in the person's history, with the products as its topic.
func (s *Service) CheckIn(ctx context.Context, id int64, by string) (Appointment, error) {
	a, err := s.store.AppointmentByID(ctx, id)
	if err != nil {
		return a, err
	}
	if a.State != StateBooked {
		return a, ErrNotBooked
	}
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return a, err
	}
	v, err := s.visit(ctx, sched, a, by)
	if err != nil {
		return a, err
	}
	now := s.now()
	if a.ConversationID, err = s.store.CheckInAppointment(ctx, id, now, v); err != nil {
		return a, err
	}
	a.State, a.CheckedInAt = StateCheckedIn, now
	s.record(EventCheckedIn, a, 1, 0)
	s.counterContact(a)
	return a, nil
}

// NoShow records "niet verschenen": only once the appointment has started.
func (s *Service) NoShow(ctx context.Context, id int64) (Appointment, error) {
	a, err := s.store.AppointmentByID(ctx, id)
	if err != nil {
		return a, err
	}
	if a.State != StateBooked {
		return a, ErrNotBooked
	}
	now := s.now()
	if now.Before(a.Start) {
		return a, invalid(map[string]string{"state": "De afspraak is nog niet begonnen. Wacht tot de starttijd voorbij is."})
	}
	if err := s.store.MarkNoShow(ctx, id, now); err != nil {
		return a, err
	}
	a.State = StateNoShow
	s.record(EventNoShow, a, 1, 0)
	return a, nil
}

// WalkIn is a resident helped at the counter without an appointment.
type WalkIn struct {
	Location string
	DeskID   int64
	Products []string
	Persons  int
	Name     string
	Email    string
	Phone    string
	By       string
}

// RegisterWalkIn records a walk-in in seconds: checked in at once, a counter contact like a booked visit.
// It takes no desk time, so it never pushes out a booked resident.
func (s *Service) RegisterWalkIn(ctx context.Context, w WalkIn) (Appointment, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return Appointment{}, err
	}
	if w.Persons == 0 {
		w.Persons = 1
	}
	errs := checkWhat(sched, w.Products, w.Persons, w.Location)
	if w.Location == "" {
		errs["location"] = "Kies een locatie."
	}
	if len([]rune(w.Name)) > maxName {
		errs["name"] = fmt.Sprintf("Gebruik maximaal %d tekens voor de naam.", maxName)
	}
	if e := strings.TrimSpace(w.Email); e != "" {
		checkContact(errs, "x", e, w.Phone)
	}
	if err := invalid(errs); err != nil {
		return Appointment{}, err
	}
	now := s.now()
	length := sched.Duration(w.Products, w.Persons)
	a := Appointment{LocationID: w.Location, DeskID: w.DeskID, Products: w.Products, Persons: w.Persons, Start: now,
		End: now.Add(length), BusyUntil: now.Add(length), Name: strings.TrimSpace(w.Name), Email: strings.TrimSpace(w.Email),
		Phone: strings.TrimSpace(w.Phone), State: StateCheckedIn, Source: SourceWalkIn, CreatedAt: now, CreatedBy: w.By,
		CheckedInAt: now, Reference: newReference()}
	v, err := s.visit(ctx, sched, a, w.By)
	if err != nil {
		return a, err
	}
	if err := s.store.InsertWalkIn(ctx, &a, v); err != nil {
		return a, err
	}
	s.record(EventWalkIn, a, 1, 0)
	s.counterContact(a)
	return a, nil
}

// Day is the counter's view of one location on one date: every appointment, by desk and time.
type Day struct {
	Location     Location
	Date         time.Time
	Periods      []Period
	Desks        []Desk
	Appointments []Appointment
}

// DayView returns a location's appointments on a date, every one of them: booked, checked in, not shown
// and those held while the resident pays; cancelled and unpaid ones left out.
func (s *Service) DayView(ctx context.Context, location string, date time.Time) (Day, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return Day{}, err
	}
	loc, ok := sched.Location(location)
	if !ok {
		return Day{}, ErrNotFound
	}
	date = Date(date)
	var list []Appointment
	err = s.each(ctx, Filter{Location: location, From: date, To: date.AddDate(0, 0, 1),
		States: []State{StateBooked, StateCheckedIn, StateNoShow, StateAwaitingPayment}}, func(a Appointment) error {
		list = append(list, a)
		return nil
	})
	if err != nil {
		return Day{}, err
	}
	var desks []Desk
	for _, d := range sched.Desks {
		if d.LocationID == location {
			desks = append(desks, d)
		}
	}
	return Day{Location: loc, Date: date, Periods: loc.OpeningOn(date), Desks: desks, Appointments: list}, nil
}

// SendReminders queues the reminder of every booked appointment of tomorrow that has none yet, from the
// reminder hour on; it returns how many it queued. Several instances may run it: each reminder is
// queued once.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil || sched.Rules.ReminderHour <= 0 {
		return 0, err
	}
	now := s.now()
	today := Date(now)
	// The hour on the wall clock: on the day summer time ends, midnight plus 9 hours is 08:00.
	if now.Before(wallClock(today, time.Duration(sched.Rules.ReminderHour)*time.Hour)) {
		return 0, nil
	}
	tomorrow := today.AddDate(0, 0, 1)
	n := 0
	err = s.each(ctx, Filter{From: tomorrow, To: tomorrow.AddDate(0, 0, 1), States: []State{StateBooked}}, func(a Appointment) error {
		if !a.RemindedAt.IsZero() || a.Email == "" {
			return nil
		}
		m, err := s.reminderMail(ctx, sched, a)
		if err != nil {
			return err
		}
		switch err := s.store.QueueReminder(ctx, a.ID, now, m); {
		case err == nil:
			n++
		case err != ErrNotBooked:
			return err
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, nil
}

// eachPage is how many appointments each walks through at a time.
const eachPage = 500

// each calls fn for every appointment the filter selects, page by page in the list's order, so no day
// and no reminder run is ever cut off at a page size.
func (s *Service) each(ctx context.Context, f Filter, fn func(Appointment) error) error {
	f.Limit = eachPage
	for {
		list, err := s.store.Appointments(ctx, f)
		if err != nil {
			return err
		}
		for _, a := range list {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(list) < eachPage {
			return nil
		}
		f.After = &list[len(list)-1]
	}
}

// counterContact counts the visit as a counter contact, like a registered one, with the planned time at
// the desk as its handling time, so the channel figures and staffing see the counter's demand.
func (s *Service) counterContact(a Appointment) {
	s.insight.Contact(insight.ChannelCounter, a.Products[0], 0)
	s.insight.Record(insight.Event{Type: insight.TypeHandleSeconds, Channel: insight.ChannelCounter, ArticleID: a.Products[0],
		Value: int64(a.End.Sub(a.Start).Seconds())})
}
