package appointment

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"loket/internal/insight"
	"loket/internal/payment"
	"loket/internal/problem"
)

// Service owns the rules of appointments; the website, the console and the API all call it.
type Service struct {
	store    Storage
	articles Articles
	insight  *insight.Recorder
	payments *payment.Service                 // payment at booking; nil: products that must be paid first cannot be booked online
	clock    atomic.Pointer[func() time.Time] // SetClock replaces it while the service runs
	mail     MailSettings
}

// MailSettings are what the mails need: links and the signature.
type MailSettings struct {
	BaseURL      string // https://loket.voorbeeld.nl, for the change link
	Municipality string // Gemeente Voorbeeld
	Domain       string // voorbeeld.nl, for the calendar file's UID
}

// NewService returns the service; a nil recorder records nothing and a nil clock is time.Now.
func NewService(st Storage, articles Articles, rec *insight.Recorder, ms MailSettings, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if ms.Municipality == "" {
		ms.Municipality = "Gemeente Voorbeeld"
	}
	s := &Service{store: st, articles: articles, insight: rec, mail: ms}
	s.clock.Store(&now)
	return s
}

// SetClock replaces the clock of a running service (tests of a running site move time with it).
func (s *Service) SetClock(now func() time.Time) { s.clock.Store(&now) }

func (s *Service) now() time.Time { return (*s.clock.Load())() }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Schedule returns the current schedule.
func (s *Service) Schedule(ctx context.Context) (Schedule, error) {
	return s.store.AppointmentSchedule(ctx)
}

// Booking is what a resident (or an agent on their behalf) asks for.
type Booking struct {
	Products []string
	Persons  int
	Location string
	Start    time.Time
	Name     string
	Email    string
	Phone    string
	Source   string // SourceWeb, SourceAPI or SourceStaff
	Urgent   bool   // staff only: may use the time held back for urgent cases
	By       string // staff e-mail address for staff bookings
}

// Booked is a stored booking with the secret of its change link, which is shown once and mailed. A
// booking that must be paid first is held (StateAwaitingPayment) and comes with the provider's page.
type Booked struct {
	Appointment
	Token       string `json:"-"`
	ChangeLink  string `json:"change_link"`
	CheckoutURL string `json:"checkout_url,omitempty"`
}

// Limits on input from outside.
const (
	maxProducts = 5
	maxName     = 200
	maxEmail    = 254
	maxPhone    = 30
)

// Slots finds the free slots for a query after checking it.
func (s *Service) Slots(ctx context.Context, q SlotQuery) ([]Slot, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return nil, err
	}
	if err := invalid(checkWhat(sched, q.Products, q.Persons, q.Location)); err != nil {
		return nil, err
	}
	now := s.now()
	from, to := sched.window(q.From, q.To, now)
	if !from.Before(to) {
		return nil, nil
	}
	var busy []Busy
	for _, loc := range sched.Locations {
		if q.Location != "" && loc.ID != q.Location {
			continue
		}
		b, err := s.store.AppointmentBusy(ctx, loc.ID, from, to.Add(24*time.Hour))
		if err != nil {
			return nil, err
		}
		if busy == nil {
			busy = b // one location: the store's list as it is, without a copy
		} else {
			busy = append(slices.Clip(busy), b...)
		}
	}
	return sched.Search(q, busy, now), nil
}

// checkWhat checks products, persons and location against the schedule, per field.
func checkWhat(sched Schedule, products []string, persons int, location string) map[string]string {
	errs := map[string]string{}
	switch {
	case len(products) == 0:
		errs["products"] = "Kies waarvoor u komt."
	case len(products) > maxProducts:
		errs["products"] = fmt.Sprintf("Kies maximaal %d onderwerpen per afspraak.", maxProducts)
	default:
		for _, id := range products {
			if _, ok := sched.Product(id); !ok {
				errs["products"] = "Voor dit onderwerp kunt u geen afspraak maken: " + truncate(id, 60) + "."
				break
			}
		}
		if hasDuplicates(products) {
			errs["products"] = "Kies elk onderwerp maar één keer."
		}
	}
	if persons < 1 || persons > sched.Rules.MaxPersons {
		errs["persons"] = fmt.Sprintf("Kies 1 tot en met %d personen. Komt u met meer mensen? Bel dan 14 0999.", sched.Rules.MaxPersons)
	}
	if location == "" {
		return errs
	}
	loc, ok := sched.Location(location)
	if !ok {
		errs["location"] = "Kies een locatie uit de lijst."
		return errs
	}
	if _, bad := errs["products"]; !bad {
		for _, id := range products {
			if !sched.Offers(loc.ID, id) {
				p, _ := sched.Product(id)
				errs["products"] = fmt.Sprintf("Voor %s kunt u niet terecht in %s. Kies een andere locatie.", lower(p.Title), loc.Name)
				break
			}
		}
		if _, bad := errs["products"]; !bad && len(sched.DesksFor(loc.ID, products)) == 0 {
			errs["products"] = "In " + loc.Name + " is geen balie die dit allemaal in één afspraak doet. Maak twee afspraken."
		}
	}
	return errs
}

func hasDuplicates(list []string) bool {
	seen := map[string]bool{}
	for _, v := range list {
		if seen[v] {
			return true
		}
		seen[v] = true
	}
	return false
}

// checkContact checks name, e-mail address and phone number, per field.
func checkContact(errs map[string]string, name, email, phone string) {
	switch n := strings.TrimSpace(name); {
	case n == "":
		errs["name"] = "Vul uw naam in."
	case len([]rune(n)) > maxName:
		errs["name"] = fmt.Sprintf("Gebruik maximaal %d tekens voor uw naam.", maxName)
	}
	if a, err := mail.ParseAddress(strings.TrimSpace(email)); err != nil || a.Address != strings.TrimSpace(email) ||
		len(email) > maxEmail || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
		errs["email"] = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."
	}
	if p := strings.TrimSpace(phone); p != "" {
		digits := 0
		for _, r := range p {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune("+-() ", r):
			default:
				digits = -100
			}
		}
		if digits < 8 || len(p) > maxPhone {
			errs["phone"] = "Vul een geldig telefoonnummer in, zoals 06 12345678, of laat het leeg."
		}
	}
}

// checkStart checks a start time of an appointment of the given length against the opening hours and the
// rules on time, per field.
func checkStart(errs map[string]string, sched Schedule, loc Location, start time.Time, length time.Duration, now time.Time) {
	if start.IsZero() {
		errs["start"] = "Kies een datum en tijd."
		return
	}
	earliest := now.Add(time.Duration(sched.Rules.MinNoticeMinutes) * time.Minute)
	switch {
	case !start.After(now):
		errs["start"] = "Dit tijdstip is al voorbij. Kies een ander tijdstip."
		return
	case start.Before(earliest):
		errs["start"] = fmt.Sprintf("Kies een tijdstip dat minstens %d minuten na nu ligt.", sched.Rules.MinNoticeMinutes)
		return
	case !Date(start).Before(Date(now).AddDate(0, 0, sched.Rules.HorizonDays+1)):
		errs["start"] = fmt.Sprintf("U kunt maximaal %d dagen vooruit een afspraak maken.", sched.Rules.HorizonDays)
		return
	}
	periods := loc.OpeningOn(start)
	if len(periods) == 0 {
		errs["start"] = fmt.Sprintf("Op %s is %s gesloten. Kies een andere dag.", DutchDate(start), loc.Name)
		return
	}
	for _, p := range periods {
		if start.Before(p.From) || !start.Before(p.To) {
			continue
		}
		if start.Add(length).After(p.To) {
			errs["start"] = fmt.Sprintf("De afspraak duurt %d minuten en past niet meer voor sluitingstijd (%s). Kies een eerder tijdstip.",
				int(length.Minutes()), Clock(p.To))
			return
		}
		step := time.Duration(max(sched.Rules.StepMinutes, CellMinutes)) * time.Minute
		if start.Sub(p.From)%step != 0 {
			errs["start"] = "Kies een tijd uit de lijst."
		}
		return
	}
	errs["start"] = fmt.Sprintf("Dit tijdstip valt buiten de openingstijden van %s. Kies een tijd uit de lijst.", loc.Name)
}

// Check runs every rule of Book without storing anything: for the summary a resident confirms.
func (s *Service) Check(ctx context.Context, b Booking) error {
	_, _, _, err := s.prepare(ctx, b)
	return err
}

// prepare checks a booking and returns the appointment, the desks free for it and the schedule.
func (s *Service) prepare(ctx context.Context, b Booking) (Appointment, []int64, Schedule, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return Appointment{}, nil, sched, err
	}
	now := s.now()
	b.Name, b.Email, b.Phone = strings.TrimSpace(b.Name), strings.TrimSpace(b.Email), strings.TrimSpace(b.Phone)
	errs := checkWhat(sched, b.Products, b.Persons, b.Location)
	if b.Location == "" {
		errs["location"] = "Kies een locatie."
	}
	checkContact(errs, b.Name, b.Email, b.Phone)
	loc, _ := sched.Location(b.Location)
	length := sched.Duration(b.Products, b.Persons)
	if _, bad := errs["location"]; !bad {
		checkStart(errs, sched, loc, b.Start, length, now)
	}
	if err := invalid(errs); err != nil {
		return Appointment{}, nil, sched, err
	}
	a := Appointment{LocationID: loc.ID, Products: b.Products, Persons: b.Persons, Start: b.Start, End: b.Start.Add(length),
		BusyUntil: b.Start.Add(length + time.Duration(sched.Rules.BufferMinutes)*time.Minute), Name: b.Name,
		Email: b.Email, Phone: b.Phone, State: StateBooked, Source: b.Source, Urgent: b.Urgent, CreatedAt: now, CreatedBy: b.By}
	if a.Source == "" {
		a.Source = SourceWeb
	}
	desks, first, busy, err := s.freeDesks(ctx, sched, a, b.Urgent, now)
	if err != nil {
		return a, nil, sched, err
	}
	if len(desks) == 0 {
		return a, nil, sched, notFree(sched, a, busy)
	}
	a.WaitMinutes = int64(first.Sub(now).Minutes())
	return a, desks, sched, nil
}

// Book checks a booking against every rule and stores it on a desk that is free for the whole time,
// with the confirmation mail. Nothing is stored when a rule is broken. When a product must be paid at
// booking (and a resident books), the time is held while the resident pays: the confirmation goes out
// once the provider's webhook confirms the payment (PaymentReported).
func (s *Service) Book(ctx context.Context, b Booking) (Booked, error) {
	a, desks, sched, err := s.prepare(ctx, b)
	if err != nil {
		return Booked{}, err
	}
	held := a.Source != SourceStaff && sched.Fee(a.Products, a.Persons) > 0
	if held {
		if !s.payments.Enabled() {
			return Booked{}, ErrNoPayment
		}
		a.State, a.FeeCents = StateAwaitingPayment, sched.Fee(a.Products, a.Persons)
		a.HoldUntil = s.now().Add(time.Duration(sched.Rules.PaymentHoldMinutes) * time.Minute)
	}
	token, hash := newToken()
	a.Reference = newReference()
	for _, desk := range desks {
		a.DeskID = desk
		m, err := s.confirmationMail(ctx, sched, a, token)
		if err != nil {
			return Booked{}, err
		}
		if held {
			m = Mail{} // the confirmation waits for the payment
		}
		m.Link = Link{Hash: hash, Expires: a.End}
		err = s.store.InsertAppointment(ctx, &a, sched.Rules.MaxOpenPerEmail, s.now(), m)
		switch {
		case errors.Is(err, ErrCellTaken):
			continue // another booking took this desk meanwhile; try the next free one
		case errors.Is(err, ErrEmailLimit):
			return Booked{}, invalid(map[string]string{"email": fmt.Sprintf(
				"Met dit e-mailadres staan al %d afspraken. Zeg eerst een afspraak af, of bel 14 0999.", sched.Rules.MaxOpenPerEmail)})
		case err != nil:
			return Booked{}, err
		}
		booked := Booked{Appointment: a, Token: token, ChangeLink: s.ChangeLink(token)}
		if held {
			booked.CheckoutURL, err = s.startPayment(ctx, sched, a)
			return booked, err
		}
		s.record(EventBooked, a, 1, 0)
		s.record(EventWait, a, 1, a.WaitMinutes)
		return booked, nil
	}
	return Booked{}, ErrSlotTaken
}

// freeDesks lists the desks that are free for the appointment's whole time, and the first free slot
// for the same products and persons at the location (for the waiting-time figure).
func (s *Service) freeDesks(ctx context.Context, sched Schedule, a Appointment, urgent bool, now time.Time) ([]int64, time.Time, []Busy, error) {
	day := Date(a.Start)
	q := SlotQuery{Products: a.Products, Persons: a.Persons, Location: a.LocationID, From: now, To: day.AddDate(0, 0, 1), Urgent: urgent}
	from, _ := sched.window(now, q.To, now)
	busy, err := s.store.AppointmentBusy(ctx, a.LocationID, from, q.To.Add(24*time.Hour))
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	first, _ := sched.First(q, busy, now)
	return sched.DesksFreeAt(q, busy, now, a.Start), first.Start, busy, nil
}

// notFree says why no desk can take the appointment: a desk is free at the start but not for the whole
// appointment (ErrTooLong), or every desk is taken then (ErrSlotTaken).
func notFree(sched Schedule, a Appointment, busy []Busy) error {
	byDesk := busyByDesk(busy)
	start := a.Start.Unix()
	for _, d := range sched.DesksFor(a.LocationID, a.Products) {
		if isFree(byDesk[d.ID], start, start+CellMinutes*60) {
			return tooLong(int(a.End.Sub(a.Start).Minutes()))
		}
	}
	return ErrSlotTaken
}

// ChangeLink is the resident's link to change or cancel.
func (s *Service) ChangeLink(token string) string {
	return strings.TrimRight(s.mail.BaseURL, "/") + "/afspraak/" + token
}

// newToken returns a 256-bit secret for the change link and the hash the store keeps.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a change-link secret.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newReference is a short code for the counter: A-7K3M9Q (no 0/O, 1/I).
func newReference() string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "A-" + string(b)
}

// ByToken returns the appointment behind a change link; a malformed or unknown link is ErrNotFound.
func (s *Service) ByToken(ctx context.Context, token string) (Appointment, error) {
	if len(token) != 43 {
		return Appointment{}, ErrNotFound
	}
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil {
		return Appointment{}, ErrNotFound
	}
	return s.store.AppointmentByToken(ctx, HashToken(token), s.now())
}

// ByID returns an appointment for staff.
func (s *Service) ByID(ctx context.Context, id int64) (Appointment, error) {
	return s.store.AppointmentByID(ctx, id)
}

// changeable checks that a resident may still change the appointment: booked, and before the cut-off.
func (s *Service) changeable(sched Schedule, a Appointment, staff bool) error {
	if a.State != StateBooked {
		return ErrNotBooked
	}
	now := s.now()
	if !a.Start.After(now) {
		return ErrTooLate
	}
	if !staff && a.Start.Sub(now) < time.Duration(sched.Rules.CutoffHours)*time.Hour {
		return ErrTooLate
	}
	return nil
}

// CanChange reports whether the resident can still change or cancel the appointment online.
func (s *Service) CanChange(ctx context.Context, a Appointment) bool {
	sched, err := s.store.AppointmentSchedule(ctx)
	return err == nil && s.changeable(sched, a, false) == nil
}

// Cutoff is the last moment the resident can change or cancel online.
func (s *Service) Cutoff(ctx context.Context, a Appointment) time.Time {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return a.Start
	}
	return a.Start.Add(-time.Duration(sched.Rules.CutoffHours) * time.Hour)
}

// Move gives an appointment a new start at the same location for the same products and persons; the
// old time is free again at once. staff skips the cut-off (an agent on the phone). The mail carries the
// resident's own link when they moved it through one (token), else a fresh link; every earlier link
// keeps working.
func (s *Service) Move(ctx context.Context, a Appointment, start time.Time, staff bool, token string) (Appointment, error) {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return a, err
	}
	if err := s.changeable(sched, a, staff); err != nil {
		return a, err
	}
	now := s.now()
	loc, ok := sched.Location(a.LocationID)
	if !ok {
		return a, ErrNotFound
	}
	length := a.End.Sub(a.Start)
	errs := map[string]string{}
	checkStart(errs, sched, loc, start, length, now)
	if err := invalid(errs); err != nil {
		return a, err
	}
	moved := a
	moved.Start, moved.End = start, start.Add(length)
	moved.BusyUntil = moved.End.Add(time.Duration(sched.Rules.BufferMinutes) * time.Minute)
	moved.Sequence = a.Sequence + 1
	desks, busy, err := s.freeDesksIgnoring(ctx, sched, moved, now)
	if err != nil {
		return a, err
	}
	if len(desks) == 0 {
		return a, notFree(sched, moved, busy)
	}
	var link Link
	if token == "" {
		var hash string
		token, hash = newToken()
		link = Link{Hash: hash, Expires: moved.End}
	}
	for _, desk := range desks {
		moved.DeskID = desk
		m, err := s.changeMail(ctx, sched, moved, token)
		if err != nil {
			return a, err
		}
		m.Link = link
		err = s.store.MoveAppointment(ctx, moved, m)
		if errors.Is(err, ErrCellTaken) {
			continue
		}
		if err != nil {
			return a, err
		}
		s.record(EventMoved, moved, 1, 0)
		return moved, nil
	}
	return a, ErrSlotTaken
}

// freeDesksIgnoring is freeDesks with the appointment's own busy time left out, so it can move within
// its own time (a quarter of an hour later).
func (s *Service) freeDesksIgnoring(ctx context.Context, sched Schedule, a Appointment, now time.Time) ([]int64, []Busy, error) {
	day := Date(a.Start)
	busy, err := s.store.AppointmentBusy(ctx, a.LocationID, day, day.AddDate(0, 0, 2))
	if err != nil {
		return nil, nil, err
	}
	others := slices.DeleteFunc(slices.Clone(busy), func(b Busy) bool { return b.ID == a.ID })
	q := SlotQuery{Products: a.Products, Persons: a.Persons, Location: a.LocationID, Urgent: a.Urgent}
	return sched.DesksFreeAt(q, others, now, a.Start), others, nil
}

// Cancel cancels a booked appointment; its time is free again at once.
func (s *Service) Cancel(ctx context.Context, a Appointment, staff bool) error {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return err
	}
	if err := s.changeable(sched, a, staff); err != nil {
		return err
	}
	refund := s.refundOnCancel(sched, a)
	m, err := s.cancelMail(ctx, sched, a, refund)
	if err != nil {
		return err
	}
	if err := s.store.CancelAppointment(ctx, a.ID, s.now(), refund, m); err != nil {
		return err
	}
	s.record(EventCancelled, a, 1, 0)
	if refund > 0 && s.payments.Enabled() {
		// The cancellation stands and the refund is recorded as owed: when the provider does not take it
		// now, SweepPayments tries again (and reports the error there).
		_ = s.refund(ctx, a, refund)
	}
	return nil
}

// CancelByToken cancels through the resident's change link.
func (s *Service) CancelByToken(ctx context.Context, token string) error {
	a, err := s.ByToken(ctx, token)
	if err != nil {
		return err
	}
	return s.Cancel(ctx, a, false)
}

// Appointments lists appointments for staff: a day view, or a caller's appointments by e-mail address.
func (s *Service) Appointments(ctx context.Context, f Filter) ([]Appointment, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	return s.store.Appointments(ctx, f)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func lower(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToLower(string(r[:1])) + string(r[1:])
}

// invalid is nil without field errors, else an Invalid problem listing every field.
func invalid(fields map[string]string) error { return problem.Fields(fields).Err() }
