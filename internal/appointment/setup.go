package appointment

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"loket/internal/calendar"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// SaveLocation checks and stores a location; its hours are written like "ma-vr 09:00-17:00".
func (s *Service) SaveLocation(ctx context.Context, l Location) (Location, error) {
	errs := map[string]string{}
	l.ID, l.Name = strings.TrimSpace(l.ID), strings.TrimSpace(l.Name)
	if !idPattern.MatchString(l.ID) {
		errs["id"] = "Gebruik voor de code kleine letters, cijfers en streepjes, zoals stadhuis."
	}
	if l.Name == "" || len([]rune(l.Name)) > 100 {
		errs["name"] = "Vul de naam van de locatie in (maximaal 100 tekens)."
	}
	if strings.TrimSpace(l.Street) == "" || strings.TrimSpace(l.City) == "" {
		errs["address"] = "Vul straat met huisnummer en plaats in."
	}
	h, err := calendar.ParseHours(l.HoursText)
	switch {
	case err != nil:
		errs["hours"] = "Schrijf de openingstijden zoals ma-vr 09:00-17:00; do 18:00-20:00."
	case !onGrid(h.Week[:]...):
		errs["hours"] = fmt.Sprintf("Laat de openingstijden beginnen en eindigen op hele %d minuten, zoals 08:30 of 08:35.", CellMinutes)
	}
	if err := invalid(errs); err != nil {
		return l, err
	}
	l.Hours = h
	return l, s.store.SaveLocation(ctx, l)
}

// SaveDay sets an extra closing day (closed) or extra opening hours ("09:00-12:00") on a date.
func (s *Service) SaveDay(ctx context.Context, locationID, date string, closed bool, hours, note string) error {
	errs := map[string]string{}
	d, err := ParseDate(date)
	if err != nil {
		errs["date"] = "Vul een datum in, zoals 2026-12-24."
	} else if d.Before(Date(s.now())) {
		errs["date"] = "Deze datum is al voorbij."
	}
	e := DayException{Date: date, Closed: closed, Note: strings.TrimSpace(note)}
	if !closed {
		h, err := calendar.ParseHours("ma-zo " + hours)
		if err != nil || strings.TrimSpace(hours) == "" {
			errs["hours"] = "Schrijf de tijden zoals 09:00-12:00 of 09:00-12:00, 13:00-16:00."
		} else if !onGrid(h.Week[time.Monday]) {
			errs["hours"] = fmt.Sprintf("Laat de tijden beginnen en eindigen op hele %d minuten, zoals 10:00 of 10:05.", CellMinutes)
		} else {
			e.Spans, e.Text = h.Week[time.Monday], strings.TrimSpace(hours)
		}
	}
	if len([]rune(e.Note)) > 200 {
		errs["note"] = "Gebruik maximaal 200 tekens."
	}
	if err := invalid(errs); err != nil {
		return err
	}
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return err
	}
	if _, ok := sched.Location(locationID); !ok {
		return ErrNotFound
	}
	return s.store.SaveDayException(ctx, locationID, e)
}

// DeleteDay removes the exception of a date.
func (s *Service) DeleteDay(ctx context.Context, locationID, date string) error {
	return s.store.DeleteDayException(ctx, locationID, date)
}

// SaveDesk checks and stores a desk with the products it serves.
func (s *Service) SaveDesk(ctx context.Context, d Desk) (Desk, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return d, err
	}
	errs := map[string]string{}
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" || len([]rune(d.Name)) > 60 {
		errs["name"] = "Vul de naam van de balie in (maximaal 60 tekens)."
	}
	if _, ok := sched.Location(d.LocationID); !ok {
		errs["location"] = "Kies een locatie."
	}
	if len(d.Products) == 0 {
		errs["products"] = "Kies minstens één product dat deze balie doet."
	}
	for _, p := range d.Products {
		if _, ok := sched.Product(p); !ok {
			errs["products"] = "Onbekend product: " + truncate(p, 60) + "."
		}
	}
	if err := invalid(errs); err != nil {
		return d, err
	}
	return d, s.store.SaveDesk(ctx, &d)
}

// DeleteDesk removes a desk that has no booked appointments ahead.
func (s *Service) DeleteDesk(ctx context.Context, id int64) error { return s.store.DeleteDesk(ctx, id) }

// SaveProduct checks and stores a product's duration per person.
func (s *Service) SaveProduct(ctx context.Context, p Product) error {
	errs := map[string]string{}
	if !idPattern.MatchString(p.ID) {
		errs["id"] = "Gebruik de code van het product in de kennisbank, zoals paspoort."
	}
	if strings.TrimSpace(p.Title) == "" || len([]rune(p.Title)) > 100 {
		errs["title"] = "Vul de naam van het product in (maximaal 100 tekens)."
	}
	if p.MinutesPerPerson < CellMinutes || p.MinutesPerPerson > 240 || p.MinutesPerPerson%CellMinutes != 0 {
		errs["minutes"] = fmt.Sprintf("Kies een duur van %d tot 240 minuten, in stappen van %d minuten.", CellMinutes, CellMinutes)
	}
	if p.FeeCents < 0 || p.FeeCents > 100_000 || (p.PayAtBooking && p.FeeCents == 0) {
		errs["fee"] = "Vul een bedrag per persoon in van € 0,01 tot € 1.000,00, of zet vooraf betalen uit."
	}
	if p.RefundPercent < 0 || p.RefundPercent > 100 {
		errs["refund"] = "Kies 0 tot en met 100 procent."
	}
	if err := invalid(errs); err != nil {
		return err
	}
	return s.store.SaveProduct(ctx, p)
}

// SaveRules checks and stores the booking rules.
func (s *Service) SaveRules(ctx context.Context, r Rules) error {
	errs := map[string]string{}
	multiple := func(field string, v, lo, hi int) {
		if v < lo || v > hi || v%CellMinutes != 0 {
			errs[field] = fmt.Sprintf("Kies %d tot en met %d minuten, in stappen van %d.", lo, hi, CellMinutes)
		}
	}
	between := func(field string, v, lo, hi int, unit string) {
		if v < lo || v > hi {
			errs[field] = fmt.Sprintf("Kies %d tot en met %d %s.", lo, hi, unit)
		}
	}
	multiple("step_minutes", r.StepMinutes, CellMinutes, 60)
	multiple("buffer_minutes", r.BufferMinutes, 0, 60)
	between("horizon_days", r.HorizonDays, 1, 365, "dagen")
	between("min_notice_minutes", r.MinNoticeMinutes, 0, 7*24*60, "minuten")
	between("urgent_percent", r.UrgentPercent, 0, 50, "procent")
	between("urgent_release_days", r.UrgentReleaseDays, 0, 30, "dagen")
	between("max_persons", r.MaxPersons, 1, 20, "personen")
	between("max_open_per_email", r.MaxOpenPerEmail, 0, 20, "afspraken")
	between("cutoff_hours", r.CutoffHours, 0, 7*24, "uur")
	between("reminder_hour", r.ReminderHour, 0, 20, "uur")
	between("counter_target_percent", r.CounterTargetPercent, 1, 99, "procent")
	between("counter_target_minutes", r.CounterTargetMinutes, 0, 240, "minuten")
	between("payment_hold_minutes", r.PaymentHoldMinutes, 5, 24*60, "minuten")
	if err := invalid(errs); err != nil {
		return err
	}
	return s.store.SaveRules(ctx, r)
}

// onGrid reports whether every opening period starts and ends on the 5-minute grid of the desk cells, so
// that two appointments that only touch never share a cell.
func onGrid(days ...[]calendar.Span) bool {
	for _, spans := range days {
		for _, sp := range spans {
			if sp.From%(CellMinutes*time.Minute) != 0 || sp.To%(CellMinutes*time.Minute) != 0 {
				return false
			}
		}
	}
	return true
}
