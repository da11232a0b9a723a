package appointment

import (
	"slices"
	"sync"
	"time"

	"loket/internal/calendar"
)

// CellMinutes is the grid of the schedule: durations, buffers and slot steps are multiples of it, and a
// booked appointment holds one cell per CellMinutes of its desk.
const CellMinutes = 5

// Location is a place with counters: an address, weekly opening hours and exceptions per date.
type Location struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Street    string         `json:"street"`
	Postcode  string         `json:"postcode"`
	City      string         `json:"city"`
	HoursText string         `json:"hours"` // as written: "ma-vr 09:00-17:00; do 18:00-20:00"
	Hours     calendar.Hours `json:"-"`     // parsed from HoursText
	Days      []DayException `json:"days,omitempty"`
}

// Address is the location's address on one line.
func (l Location) Address() string {
	a := l.Street
	if l.Postcode != "" || l.City != "" {
		a += ", " + l.Postcode + " " + l.City
	}
	return a
}

// DayException changes one calendar date of a location: closed all day, or open at other times
// (an extra opening, also on a Sunday or a public holiday).
type DayException struct {
	Date   string          `json:"date"` // YYYY-MM-DD
	Closed bool            `json:"closed"`
	Spans  []calendar.Span `json:"-"`
	Text   string          `json:"hours,omitempty"` // the spans as written: "09:00-12:00"
	Note   string          `json:"note,omitempty"`
}

// Desk is one counter at a location and the products it serves.
type Desk struct {
	ID         int64    `json:"id"`
	LocationID string   `json:"location"`
	Name       string   `json:"name"`
	Products   []string `json:"products"`
}

// Serves reports whether the desk serves every product named.
func (d Desk) Serves(products []string) bool {
	for _, p := range products {
		if !slices.Contains(d.Products, p) {
			return false
		}
	}
	return true
}

// Product is a counter product that needs an appointment, with its duration per person. Its title, what
// to bring and the cost come from the knowledge-base article with the same id.
type Product struct {
	ID               string `json:"id"`
	Title            string `json:"title"`
	MinutesPerPerson int    `json:"minutes_per_person"`
	// PayAtBooking: the fee (FeeCents per person) is paid online when booking; a cancellation before the
	// cut-off refunds RefundPercent of it.
	PayAtBooking  bool  `json:"pay_at_booking,omitempty"`
	FeeCents      int64 `json:"fee_cents,omitempty"`
	RefundPercent int   `json:"refund_percent,omitempty"`
}

// Rules are the booking rules of the municipality.
type Rules struct {
	StepMinutes       int `json:"step_minutes"`        // a slot starts every this many minutes from opening
	BufferMinutes     int `json:"buffer_minutes"`      // kept free after every appointment
	HorizonDays       int `json:"horizon_days"`        // how far ahead residents can book
	MinNoticeMinutes  int `json:"min_notice_minutes"`  // the earliest start is this long from now
	UrgentPercent     int `json:"urgent_percent"`      // share of each desk's day held back for urgent cases
	UrgentReleaseDays int `json:"urgent_release_days"` // held-back time is released this many days before
	MaxPersons        int `json:"max_persons"`
	MaxOpenPerEmail   int `json:"max_open_per_email"` // open appointments one e-mail address may have
	CutoffHours       int `json:"cutoff_hours"`       // change or cancel until this long before the start
	ReminderHour      int `json:"reminder_hour"`      // reminders go out the day before from this hour; 0: none
	// The counter's service target for walk-ins, for the staffing page: this share helped within so many minutes.
	CounterTargetPercent int `json:"counter_target_percent"`
	CounterTargetMinutes int `json:"counter_target_minutes"`
	// PaymentHoldMinutes is how long a booking that must be paid keeps its time while the payment is open.
	PaymentHoldMinutes int `json:"payment_hold_minutes"`
}

// DefaultRules are the rules until staff change them.
func DefaultRules() Rules {
	return Rules{StepMinutes: 10, BufferMinutes: 5, HorizonDays: 90, MinNoticeMinutes: 60, UrgentPercent: 10,
		UrgentReleaseDays: 2, MaxPersons: 6, MaxOpenPerEmail: 3, CutoffHours: 24, ReminderHour: 9,
		CounterTargetPercent: 80, CounterTargetMinutes: 10, PaymentHoldMinutes: 30}
}

// Schedule is everything the slot search needs to know, read in one go.
type Schedule struct {
	Locations []Location
	Desks     []Desk
	Products  []Product
	Rules     Rules
}

// Location returns the location with the id.
func (s Schedule) Location(id string) (Location, bool) {
	for _, l := range s.Locations {
		if l.ID == id {
			return l, true
		}
	}
	return Location{}, false
}

// Product returns the product with the id.
func (s Schedule) Product(id string) (Product, bool) {
	for _, p := range s.Products {
		if p.ID == id {
			return p, true
		}
	}
	return Product{}, false
}

// DesksFor lists the desks of a location that serve every product named.
func (s Schedule) DesksFor(locationID string, products []string) []Desk {
	var list []Desk
	for _, d := range s.Desks {
		if d.LocationID == locationID && d.Serves(products) {
			list = append(list, d)
		}
	}
	return list
}

// Offers reports whether some desk of the location serves the product.
func (s Schedule) Offers(locationID, product string) bool {
	return len(s.DesksFor(locationID, []string{product})) > 0
}

// Duration is how long an appointment for the products and persons takes: the products' durations per
// person, added up, times the persons.
func (s Schedule) Duration(products []string, persons int) time.Duration {
	total := 0
	for _, id := range products {
		if p, ok := s.Product(id); ok {
			total += p.MinutesPerPerson
		}
	}
	return time.Duration(total*persons) * time.Minute
}

// Fee is what must be paid online when booking the products for the persons: the fee per person of
// every product that asks for payment at booking; 0 when none does.
func (s Schedule) Fee(products []string, persons int) int64 {
	var total int64
	for _, id := range products {
		if p, ok := s.Product(id); ok && p.PayAtBooking {
			total += p.FeeCents * int64(persons)
		}
	}
	return total
}

// Refund is what a cancellation before the cut-off pays back of what was paid for the appointment: each
// product's refund share of its fee for the persons, at most what was paid.
func (s Schedule) Refund(a Appointment) int64 {
	var total int64
	for _, id := range a.Products {
		if p, ok := s.Product(id); ok && p.PayAtBooking {
			total += p.FeeCents * int64(a.Persons) * int64(p.RefundPercent) / 100
		}
	}
	return min(total, a.PaidCents)
}

// Date is a calendar date in Europe/Amsterdam, as midnight there.
func Date(t time.Time) time.Time {
	y, m, d := t.In(calendar.Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.Amsterdam)
}

// ParseDate reads YYYY-MM-DD as a calendar date in Europe/Amsterdam.
func ParseDate(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, calendar.Amsterdam)
}

// Period is an opening period on one date, as instants.
type Period struct{ From, To time.Time }

// OpeningOn returns the opening periods of the location on a calendar date: an exception for the date
// wins; otherwise a public holiday or an extra closing day of the weekly hours closes, else the weekly
// hours hold. The instants are built from wall-clock times, so they hold across daylight-saving changes.
func (l Location) OpeningOn(date time.Time) []Period {
	date = Date(date)
	spans, ok := l.exception(date)
	if !ok {
		if l.closedOn(date) {
			return nil
		}
		spans = l.Hours.Week[date.Weekday()]
	}
	list := make([]Period, 0, len(spans))
	for _, s := range spans {
		list = append(list, Period{wallClock(date, s.From), wallClock(date, s.To)})
	}
	return list
}

func (l Location) exception(date time.Time) ([]calendar.Span, bool) {
	key := date.Format(time.DateOnly)
	for _, e := range l.Days {
		if e.Date == key {
			if e.Closed {
				return nil, true
			}
			return e.Spans, true
		}
	}
	return nil, false
}

// closedOn applies the calendar package's rule for public holidays and the extra closing days of Hours.
func (l Location) closedOn(date time.Time) bool {
	if h, ok := holidayOn(date); ok && !l.Hours.OpenOnHolidays && !(l.Hours.OpenOnGoodFriday && h.Name == "Goede Vrijdag") {
		return true
	}
	for _, c := range l.Hours.ClosedDays {
		y, m, d := c.Date()
		if date.Equal(time.Date(y, m, d, 0, 0, 0, 0, calendar.Amsterdam)) {
			return true
		}
	}
	return false
}

// wallClock returns the instant of a wall-clock offset on a date in Amsterdam.
func wallClock(date time.Time, off time.Duration) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute), 0, 0, calendar.Amsterdam)
}

// holidays keeps calendar.Holidays per year: the slot search asks for every date of three months.
var holidays sync.Map // int -> []calendar.Holiday

// holidayOn is calendar.HolidayOn with the year's list computed once.
func holidayOn(date time.Time) (calendar.Holiday, bool) {
	y, m, d := date.Date()
	list, ok := holidays.Load(y)
	if !ok {
		list, _ = holidays.LoadOrStore(y, calendar.Holidays(y))
	}
	for _, h := range list.([]calendar.Holiday) {
		if hy, hm, hd := h.Date.Date(); hy == y && hm == m && hd == d {
			return h, true
		}
	}
	return calendar.Holiday{}, false
}
