package request

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"loket/internal/calendar"
)

// Status is where a request stands, as the requester sees it on the timeline.
type Status string

// Statuses of a request.
const (
	StatusReceived   Status = "ontvangen"
	StatusInProgress Status = "in_behandeling"
	StatusInfoNeeded Status = "informatie_nodig"
	StatusDecided    Status = "besloten"
)

// StatusNames are the Dutch names on the timeline.
var StatusNames = map[Status]string{
	StatusReceived: "Ontvangen", StatusInProgress: "In behandeling",
	StatusInfoNeeded: "Meer informatie nodig", StatusDecided: "Besluit genomen",
}

// Outcomes of a decision.
var Outcomes = map[string]string{
	"toegekend": "Toegekend", "afgewezen": "Afgewezen", "deels": "Deels toegekend",
	"gegrond": "Bezwaar gegrond", "ongegrond": "Bezwaar ongegrond", "niet_ontvankelijk": "Niet-ontvankelijk",
	"ingetrokken": "Ingetrokken",
}

// Domain errors; the web layer turns them into messages.
var (
	ErrDecided          = errors.New("request: already decided")
	ErrAlreadyExtended  = errors.New("request: the decision term was already extended once")
	ErrNotWaiting       = errors.New("request: not waiting for information")
	ErrAlreadyWaiting   = errors.New("request: already waiting for information")
	ErrInvalidExtension = errors.New("request: extension must be 1 to the length of the decision term")
	ErrUnknownOutcome   = errors.New("request: unknown decision outcome")
	ErrEmptyText        = errors.New("request: text is empty")
)

// DefaultTermDays is the Awb 4:13 decision term when the product names none: eight weeks.
const DefaultTermDays = 56

// WarnWorkingDays is when the queue warns that little time is left.
const WarnWorkingDays = 5

// Answer is one answer as the requester saw it, kept with the request so a later form change does not
// change what was asked.
type Answer struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Type  string `json:"type"`
	Value string `json:"value"`
	Shown string `json:"shown"` // the value as people read it
}

// Request is a submitted request or objection.
type Request struct {
	ID           int64     `json:"-"`
	Reference    string    `json:"reference"`
	Product      string    `json:"product"`
	ProductTitle string    `json:"product_title"`
	Kind         string    `json:"kind"`
	Team         string    `json:"team"`
	Status       Status    `json:"status"`
	Assignee     string    `json:"assignee,omitempty"`
	Name         string    `json:"name,omitempty"`
	Email        string    `json:"email,omitempty"`
	Answers      []Answer  `json:"answers"`
	ReceivedAt   time.Time `json:"received_at"`

	TermDays      int                   `json:"term_days"`
	ExtensionDays int                   `json:"extension_days,omitempty"`
	ExtensionNote string                `json:"extension_note,omitempty"`
	Suspensions   []calendar.Suspension `json:"suspensions,omitempty"` // Resolved is zero while waiting
	Deadline      time.Time             `json:"deadline"`

	DecisionSent   time.Time `json:"decision_sent,omitzero"` // objection: the contested decision
	ObjectionUntil time.Time `json:"objection_until,omitzero"`
	Late           bool      `json:"late,omitempty"`
	RelatedDate    time.Time `json:"related_date,omitzero"`
	RelatedLabel   string    `json:"related_label,omitempty"`
	Hearing        time.Time `json:"hearing,omitzero"`
	Urgent         bool      `json:"urgent,omitempty"`
	UrgentReason   string    `json:"urgent_reason,omitempty"`

	Outcome   string    `json:"outcome,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Event is one line of a request's timeline; Public events are shown to the requester.
type Event struct {
	ID     int64
	At     time.Time
	Actor  string // "requester", a staff e-mail address, or "loket"
	Kind   string // status, message, file, deadline, view
	Status Status
	Text   string
	Public bool
}

// Event kinds.
const (
	EventStatus   = "status"
	EventMessage  = "message"
	EventFile     = "file"
	EventDeadline = "deadline"
	EventNote     = "note"
)

// ActorRequester marks what the requester did.
const ActorRequester = "requester"

// Product is what a request needs to know of the product it is for.
type Product struct {
	ID, Title, Team string
	DeadlineDays    int
}

// New builds a request from validated answers: the decision deadline, the objection period and the
// urgency are worked out here. Reference and ID are set by the store.
func New(f Form, p Product, v Values, received time.Time) (Request, error) {
	r := Request{Product: p.ID, ProductTitle: p.Title, Kind: f.Kind, Team: p.Team, Status: StatusReceived,
		ReceivedAt: received, UpdatedAt: received, TermDays: p.DeadlineDays}
	if r.TermDays <= 0 {
		r.TermDays = DefaultTermDays
	}
	for _, fl := range f.Fields() {
		val, ok := v[fl.Name]
		if !ok || !f.Active(fl, v) {
			continue
		}
		r.Answers = append(r.Answers, Answer{Name: fl.Name, Label: fl.Label, Type: fl.Type, Value: val, Shown: Shown(fl, val)})
		switch fl.Purpose {
		case PurposeName:
			r.Name = val
		case PurposeEmail:
			r.Email = val
		case PurposeDecisionDate:
			r.DecisionSent, _ = ParseDate(val)
		case PurposeRelatedDate:
			if d, err := ParseDate(val); err == nil && (r.RelatedDate.IsZero() || d.Before(r.RelatedDate)) {
				r.RelatedDate, r.RelatedLabel = d, fl.Label
			}
		}
	}
	if r.Kind == KindObjection && !r.DecisionSent.IsZero() {
		r.ObjectionUntil = calendar.ObjectionPeriodEnd(r.DecisionSent)
		r.Late = civilDate(received).After(r.ObjectionUntil)
	}
	return r, r.Recompute(received)
}

// Shown writes an answer as people read it: a choice by its label, a date the Dutch way.
func Shown(fl Field, v string) string {
	switch fl.Type {
	case TypeChoice:
		return fl.OptionLabel(v)
	case TypeCheckbox:
		if v == "ja" {
			return "Ja"
		}
		return "Nee"
	case TypeDate:
		if d, err := ParseDate(v); err == nil {
			return DutchDate(d)
		}
	}
	return v
}

// Term is the decision term of the request under the Awb, as the calendar package counts it; a
// suspension still open counts up to today.
func (r Request) Term(today time.Time) calendar.Term {
	t := calendar.Term{Start: r.ReceivedAt.In(calendar.Amsterdam), Days: r.TermDays, ExtensionDays: r.ExtensionDays}
	for _, s := range r.Suspensions {
		if s.Resolved.IsZero() {
			s.Resolved = civilDate(today)
		}
		t.Suspensions = append(t.Suspensions, s)
	}
	return t
}

// Recompute works out the deadline and the urgency again after a change.
func (r *Request) Recompute(today time.Time) error {
	end, err := r.Term(today).End()
	if err != nil {
		return fmt.Errorf("decision deadline of %s: %w", r.Reference, err)
	}
	r.Deadline = end
	r.Urgent, r.UrgentReason = false, ""
	if r.RelatedDate.IsZero() {
		return nil
	}
	what := lowerFirst(strings.TrimSuffix(r.RelatedLabel, "?"))
	switch {
	case !r.Hearing.IsZero() && !r.RelatedDate.After(r.Hearing):
		r.Urgent = true
		r.UrgentReason = fmt.Sprintf("%s (%s) valt vóór de hoorzitting (%s).", what, DutchDate(r.RelatedDate), DutchDate(r.Hearing))
	case !r.RelatedDate.After(r.Deadline):
		r.Urgent = true
		r.UrgentReason = fmt.Sprintf("%s (%s) valt vóór de beslistermijn (%s).", what, DutchDate(r.RelatedDate), DutchDate(r.Deadline))
	}
	return nil
}

// Waiting reports whether the term is suspended because the requester was asked for information.
func (r Request) Waiting() bool {
	n := len(r.Suspensions)
	return n > 0 && r.Suspensions[n-1].Resolved.IsZero()
}

// WorkingDaysLeft counts the working days from today up to and including the deadline; negative when
// the deadline has passed (minus the working days since).
func (r Request) WorkingDaysLeft(today time.Time) int {
	return WorkingDaysBetween(civilDate(today), r.Deadline)
}

// Overdue reports whether the deadline passed without a decision.
func (r Request) Overdue(today time.Time) bool {
	return r.Status != StatusDecided && civilDate(today).After(r.Deadline)
}

// Warn reports whether little time is left: fewer than WarnWorkingDays working days.
func (r Request) Warn(today time.Time) bool {
	return r.Status != StatusDecided && !r.Overdue(today) && r.WorkingDaysLeft(today) < WarnWorkingDays
}

// WorkingDaysBetween counts working days in (from, to], or minus those in (to, from] when to is earlier.
func WorkingDaysBetween(from, to time.Time) int {
	from, to = civilDate(from), civilDate(to)
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if calendar.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

func (r *Request) mustBeOpen() error {
	if r.Status == StatusDecided {
		return ErrDecided
	}
	return nil
}

// Take assigns the request to a case handler and puts it in progress.
func (r *Request) Take(handler string, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	r.Assignee = handler
	if r.Status == StatusReceived {
		r.Status = StatusInProgress
		return Event{At: now, Actor: handler, Kind: EventStatus, Status: r.Status, Public: true,
			Text: "Een behandelaar is met uw aanvraag bezig."}, r.Recompute(now)
	}
	return Event{At: now, Actor: handler, Kind: EventNote, Text: "Opgepakt door " + handler}, r.Recompute(now)
}

// AskInformation asks the requester to complete the request; the decision term stands still from the
// next day until the information arrives (Awb 4:15).
func (r *Request) AskInformation(handler, text string, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	if r.Waiting() {
		return Event{}, ErrAlreadyWaiting
	}
	if strings.TrimSpace(text) == "" {
		return Event{}, ErrEmptyText
	}
	r.Suspensions = append(r.Suspensions, calendar.Suspension{Asked: civilDate(now)})
	r.Status = StatusInfoNeeded
	return Event{At: now, Actor: handler, Kind: EventStatus, Status: r.Status, Text: text, Public: true}, r.Recompute(now)
}

// InformationReceived ends the suspension: the term runs again from today.
func (r *Request) InformationReceived(actor string, now time.Time) (Event, error) {
	if !r.Waiting() {
		return Event{}, ErrNotWaiting
	}
	r.Suspensions[len(r.Suspensions)-1].Resolved = civilDate(now)
	r.Status = StatusInProgress
	if err := r.Recompute(now); err != nil {
		return Event{}, err
	}
	return Event{At: now, Actor: actor, Kind: EventStatus, Status: r.Status, Public: true,
		Text: "De gevraagde informatie is ontvangen. De termijn loopt weer. Nieuwe uiterste datum: " + DutchDate(r.Deadline) + "."}, nil
}

// Extend postpones the decision once (Awb 4:14 lid 3), by at most the length of the term itself, and
// must be announced to the requester with a reason.
func (r *Request) Extend(handler string, days int, reason string, now time.Time) (Event, error) {
	switch {
	case r.Status == StatusDecided:
		return Event{}, ErrDecided
	case r.ExtensionDays > 0:
		return Event{}, ErrAlreadyExtended
	case days < 1 || days > r.TermDays:
		return Event{}, ErrInvalidExtension
	case strings.TrimSpace(reason) == "":
		return Event{}, ErrEmptyText
	}
	r.ExtensionDays, r.ExtensionNote = days, reason
	if err := r.Recompute(now); err != nil {
		return Event{}, err
	}
	return Event{At: now, Actor: handler, Kind: EventDeadline, Public: true,
		Text: fmt.Sprintf("De beslistermijn is met %d dagen verlengd tot %s. Reden: %s", days, DutchDate(r.Deadline), reason)}, nil
}

// PlanHearing records the day of the hearing (hoorzitting) of an objection; urgency follows from it.
func (r *Request) PlanHearing(handler string, day time.Time, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	r.Hearing = civilDate(day)
	if err := r.Recompute(now); err != nil {
		return Event{}, err
	}
	return Event{At: now, Actor: handler, Kind: EventNote, Public: true,
		Text: "De hoorzitting is gepland op " + DutchDate(r.Hearing) + "."}, nil
}

// Decide records the decision; a waiting suspension ends with it.
func (r *Request) Decide(handler, outcome, text string, now time.Time) (Event, error) {
	if err := r.mustBeOpen(); err != nil {
		return Event{}, err
	}
	name, ok := Outcomes[outcome]
	if !ok {
		return Event{}, ErrUnknownOutcome
	}
	if strings.TrimSpace(text) == "" {
		return Event{}, ErrEmptyText
	}
	if r.Waiting() {
		r.Suspensions[len(r.Suspensions)-1].Resolved = civilDate(now)
	}
	r.Status, r.Outcome, r.DecidedAt = StatusDecided, outcome, now
	return Event{At: now, Actor: handler, Kind: EventStatus, Status: r.Status, Public: true,
		Text: name + ". " + text}, r.Recompute(now)
}

// civilDate is the calendar date of t in the Netherlands, as midnight UTC like the calendar package.
func civilDate(t time.Time) time.Time {
	if t.Location() != time.UTC || t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		t = t.In(calendar.Amsterdam)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// DutchDate writes a date the Dutch way: 13 juli 2026.
func DutchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
}
