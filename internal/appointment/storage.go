package appointment

import (
	"context"
	"time"

	"loket/internal/kb"
)

// Storage is what the service needs from the store. The store enforces the one rule that must hold under
// concurrency, no two appointments in one desk cell, with a unique key, and counts open appointments per
// e-mail address inside the booking transaction.
type Storage interface {
	AppointmentSchedule(ctx context.Context) (Schedule, error)
	// AppointmentBusy lists the booked time of the location's desks, at least all that overlaps [from, to),
	// ordered by desk and start. The list may be shared: callers must not change it.
	AppointmentBusy(ctx context.Context, locationID string, from, to time.Time) ([]Busy, error)
	// InsertAppointment stores a booking with its cells, its change link and mail in one transaction and
	// sets a.ID; it returns ErrCellTaken when a cell is booked and ErrEmailLimit when the address has
	// maxOpen open appointments starting after now (maxOpen 0: no limit).
	InsertAppointment(ctx context.Context, a *Appointment, maxOpen int, now time.Time, mail Mail) error
	// InsertWalkIn stores a walk-in, checked in at once, with its counter contact.
	InsertWalkIn(ctx context.Context, a *Appointment, visit Visit) error
	// AppointmentByToken finds the appointment of a change link that has not expired at now.
	AppointmentByToken(ctx context.Context, tokenHash string, now time.Time) (Appointment, error)
	AppointmentByID(ctx context.Context, id int64) (Appointment, error)
	// MoveAppointment gives a booked appointment its new desk and times (cells freed and taken in one
	// transaction), moves the expiry of its change links to the new end and queues the mail (with its new
	// link, if any); ErrCellTaken leaves it as it was.
	MoveAppointment(ctx context.Context, a Appointment, mail Mail) error
	// CancelAppointment frees the cells of a booked appointment, deletes its change links, records the
	// refund owed (0: none) and queues the mail.
	CancelAppointment(ctx context.Context, id int64, at time.Time, refundCents int64, mail Mail) error
	// CheckInAppointment marks a booked appointment checked in and registers the visit as a counter
	// contact in the same transaction; it returns the contact's conversation.
	CheckInAppointment(ctx context.Context, id int64, at time.Time, visit Visit) (int64, error)
	MarkNoShow(ctx context.Context, id int64, at time.Time) error
	// Appointments lists the appointments that start in [from, to), optionally of one location or e-mail address.
	Appointments(ctx context.Context, f Filter) ([]Appointment, error)
	// QueueReminder marks a booked, not yet reminded appointment reminded and queues the mail with its new
	// change link; ErrNotBooked when another instance did it first or the appointment changed.
	QueueReminder(ctx context.Context, id int64, at time.Time, mail Mail) error

	// Payment at booking.
	AppointmentByReference(ctx context.Context, reference string) (Appointment, error)
	// ConfirmPaidAppointment books a held appointment with what was paid and queues its confirmation;
	// ErrNotBooked when it is no longer held.
	ConfirmPaidAppointment(ctx context.Context, id, paidCents int64, mail Mail) error
	// ReleaseHeldAppointment frees a held appointment that was not paid; ErrNotBooked when not held.
	ReleaseHeldAppointment(ctx context.Context, id int64, at time.Time) error
	ExpiredHolds(ctx context.Context, at time.Time) ([]Appointment, error)
	RefundsDue(ctx context.Context) ([]Appointment, error)
	MarkAppointmentRefunded(ctx context.Context, id int64, at time.Time) error
	// OweAppointmentRefund records a payment that came too late and the refund owed for it.
	OweAppointmentRefund(ctx context.Context, id, paidCents, refundCents int64) error

	SaveLocation(ctx context.Context, l Location) error
	SaveDayException(ctx context.Context, locationID string, e DayException) error
	DeleteDayException(ctx context.Context, locationID, date string) error
	SaveDesk(ctx context.Context, d *Desk) error
	DeleteDesk(ctx context.Context, id int64) error
	SaveProduct(ctx context.Context, p Product) error
	SaveRules(ctx context.Context, r Rules) error

	// AppointmentCounts adds up bookings, cancellations, no-shows and walk-ins per product and location
	// over the days [from, to), and the booked minutes per desk.
	AppointmentCounts(ctx context.Context, from, to time.Time) ([]Count, []DeskMinutes, error)
	// SaveWaitSample keeps the waiting time to the first free slot of a product on a day.
	SaveWaitSample(ctx context.Context, day, product string, minutes int64) error
	WaitSamples(ctx context.Context, fromDay, toDay string) ([]WaitSample, error)
	// AppointmentDemand lists the walk-ins and the not cancelled appointments of a location that start in
	// [from, to), for the counter's staffing.
	AppointmentDemand(ctx context.Context, locationID string, from, to time.Time) ([]DemandVisit, error)
}

// DemandVisit is one visit's time at the desk, for the counter's staffing.
type DemandVisit struct {
	Start, End time.Time
	WalkIn     bool
}

// Articles gives the knowledge-base article of a product: its title, what to bring and the cost.
type Articles interface {
	Article(ctx context.Context, id string) (kb.Article, error)
}

// Filter selects appointments.
type Filter struct {
	Location string
	Email    string
	From, To time.Time
	States   []State
	Limit    int
	// After continues a list after this appointment (by start, desk and id, the list's order).
	After *Appointment
}

// Visit is what the counter contact of an appointment records: the same klantcontact as a counter
// registration in the console.
type Visit struct {
	Name, Email, Phone string
	Topic              string // the first product's article
	Subject            string
	Note               string
	By                 string // the staff member's e-mail address
}

// Mail is an e-mail to the resident, queued in the outbox with the change it reports.
type Mail struct {
	To          string
	Subject     string
	Body        string
	Attachments []Attachment
	// Link is the fresh change link the mail carries, stored with it; a zero Hash: no new link.
	Link Link
}

// Link is a change link as stored: the SHA-256 of its secret and the moment it stops working.
type Link struct {
	Hash    string
	Expires time.Time
}

// Attachment is a file sent with a mail.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}
