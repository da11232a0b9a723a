package appointment

import (
	"errors"
	"fmt"
	"time"

	"loket/internal/problem"
)

// State is where an appointment stands.
type State string

// States of an appointment.
const (
	StateBooked    State = "booked"     // booked, the resident has not come yet
	StateCheckedIn State = "checked_in" // the resident arrived and is helped
	StateNoShow    State = "no_show"    // "niet verschenen"
	StateCancelled State = "cancelled"
	// StateAwaitingPayment holds the time of a booking that must be paid online until the payment is
	// confirmed (then booked) or fails or runs out (then unpaid).
	StateAwaitingPayment State = "awaiting_payment"
	StateUnpaid          State = "unpaid" // not paid in time: the time is free again
)

// StateNames are the Dutch names of the states, as staff see them.
var StateNames = map[State]string{
	StateBooked: "Geboekt", StateCheckedIn: "Aangemeld", StateNoShow: "Niet verschenen", StateCancelled: "Afgezegd",
	StateAwaitingPayment: "Wacht op betaling", StateUnpaid: "Niet betaald",
}

// Sources of an appointment: who booked it.
const (
	SourceWeb    = "web"     // the resident on the website
	SourceAPI    = "api"     // through the JSON API
	SourceStaff  = "staff"   // the contact centre on a caller's behalf
	SourceWalkIn = "walk_in" // registered at the counter without an appointment
)

// Domain errors, each a problem with a safe Dutch message (package problem): handlers show MessageOf and
// map KindOf to a status.
var (
	ErrNotFound = &problem.Error{Kind: problem.NotFound,
		Message: "Deze afspraak bestaat niet (meer): de link is verlopen, of de afspraak is afgezegd. Controleer de link in uw laatste e-mail over de afspraak."}
	ErrSlotTaken = &problem.Error{Kind: problem.Conflict,
		Message: "Dit tijdstip is net door iemand anders gekozen. Kies een ander tijdstip."}
	ErrTooLate = &problem.Error{Kind: problem.Conflict,
		Message: "U kunt deze afspraak niet meer online wijzigen of afzeggen. Bel 14 0999."}
	ErrNotBooked = &problem.Error{Kind: problem.Conflict,
		Message: "Deze afspraak is al afgezegd of afgerond."}
	ErrNoPayment = &problem.Error{Kind: problem.Conflict,
		Message: "Voor deze afspraak betaalt u vooraf online, en online betalen kan nu niet. Probeer het later opnieuw of bel 14 0999."}
)

// Errors between the store and the service, never shown.
var (
	ErrCellTaken  = errors.New("appointment: a desk cell is already booked") // the service tries another desk
	ErrEmailLimit = errors.New("appointment: the e-mail address has the most open appointments allowed")
)

// tooLong says that a desk is free at the start, but not for the whole appointment: a kind of
// ErrSlotTaken, answered with a conflict.
func tooLong(minutes int) error {
	return &problem.Error{Kind: problem.Conflict, Cause: ErrSlotTaken, Message: fmt.Sprintf(
		"De afspraak duurt %d minuten. Zo lang is er op dit tijdstip geen balie vrij. Kies een ander tijdstip.", minutes)}
}

// Appointment is a booked (or walk-in) visit to a counter.
type Appointment struct {
	ID          int64     `json:"-"`
	Reference   string    `json:"reference"`
	LocationID  string    `json:"location"`
	DeskID      int64     `json:"desk"`
	Products    []string  `json:"products"`
	Persons     int       `json:"persons"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	BusyUntil   time.Time `json:"-"` // End plus the buffer
	Name        string    `json:"name"`
	Email       string    `json:"email"`
	Phone       string    `json:"phone,omitempty"`
	State       State     `json:"state"`
	Source      string    `json:"source"`
	Urgent      bool      `json:"urgent,omitempty"`
	Sequence    int       `json:"-"` // the calendar file's SEQUENCE: one more on every move
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"-"` // staff e-mail address, for staff bookings and walk-ins
	CancelledAt time.Time `json:"cancelled_at,omitzero"`
	CheckedInAt time.Time `json:"checked_in_at,omitzero"`
	RemindedAt  time.Time `json:"-"`
	// WaitMinutes is how far away the first free slot for the products was when it was booked.
	WaitMinutes    int64 `json:"-"`
	ConversationID int64 `json:"-"` // the counter contact made at check-in
	// Payment at booking: the amount to pay online, until when the time is held for it, what was paid,
	// and the refund owed after a cancellation (RefundedAt once the provider took it).
	FeeCents    int64     `json:"fee_cents,omitempty"`
	HoldUntil   time.Time `json:"hold_until,omitzero"`
	PaidCents   int64     `json:"paid_cents,omitempty"`
	RefundCents int64     `json:"refund_cents,omitempty"`
	RefundedAt  time.Time `json:"-"`
}

// Cells are the desk cells the appointment holds: one per CellMinutes from Start to BusyUntil, as Unix
// minutes divided by CellMinutes.
func (a Appointment) Cells() []int64 {
	first := a.Start.Unix() / 60 / CellMinutes
	last := (a.BusyUntil.Unix()/60 + CellMinutes - 1) / CellMinutes
	cells := make([]int64, 0, last-first)
	for c := first; c < last; c++ {
		cells = append(cells, c)
	}
	return cells
}

// Open reports whether the appointment still lies ahead of the resident (booked and not yet started).
func (a Appointment) Open(now time.Time) bool { return a.State == StateBooked && a.Start.After(now) }
