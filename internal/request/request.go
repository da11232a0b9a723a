package request

import (
	"errors"
	"fmt"
	"time"

	"loket/internal/calendar"
	"loket/internal/problem"
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

// Outcomes of a decision, by key; a procedure lists the keys that fit it.
var Outcomes = map[string]string{
	"toegekend": "Toegekend", "afgewezen": "Afgewezen", "deels": "Deels toegekend",
	"buiten_behandeling": "Niet in behandeling genomen (Awb 4:5)",
	"gegrond":            "Bezwaar gegrond", "deels_gegrond": "Bezwaar deels gegrond", "ongegrond": "Bezwaar ongegrond",
	"niet_ontvankelijk": "Niet-ontvankelijk", "ingetrokken": "Ingetrokken",
	"klacht_gegrond": "Klacht gegrond", "klacht_ongegrond": "Klacht ongegrond", "klacht_opgelost": "Klacht opgelost",
	"openbaar": "Informatie openbaar gemaakt", "deels_openbaar": "Informatie deels openbaar gemaakt",
	"niet_openbaar": "Informatie niet openbaar gemaakt",
}

// Domain sentinels. A refusal comes as a *problem.Error whose Cause is one of them, with a safe
// Dutch message naming the article and, for input, the field it belongs to.
var (
	ErrNotFound         = problem.ErrNotFound
	ErrDecided          = errors.New("request: already decided")
	ErrAlreadyExtended  = errors.New("request: the decision term was already extended")
	ErrNotWaiting       = errors.New("request: not waiting for information")
	ErrAlreadyWaiting   = errors.New("request: already waiting for information")
	ErrInvalidExtension = errors.New("request: extension outside what the procedure allows")
	ErrTermPassed       = errors.New("request: the decision term has passed")
	ErrUnknownOutcome   = errors.New("request: outcome does not fit the procedure")
	ErrEmptyText        = errors.New("request: text is empty")
	ErrInvalidTerm      = errors.New("request: invalid hersteltermijn")
	ErrNoPenalty        = errors.New("request: no penalty for late decisions in this procedure")
	ErrNotLate          = errors.New("request: the decision term has not passed")
	ErrAlreadyNoticed   = errors.New("request: notice of default already received")
	ErrHearingTooLate   = errors.New("request: hearing after the related date or the deadline")
)

// stateErrors are refusals because of where the request stands, not because of what was typed.
var stateErrors = []error{ErrDecided, ErrAlreadyWaiting, ErrNotWaiting, ErrAlreadyNoticed, ErrNotLate, ErrTermPassed}

// refuse is a problem with a safe message (and the field, when input is at fault) caused by err.
func refuse(err error, field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	p := &problem.Error{Kind: problem.Invalid, Message: msg, Cause: err}
	for _, s := range stateErrors {
		if s == err {
			p.Kind = problem.Conflict
		}
	}
	if field != "" {
		p.Fields = map[string]string{field: msg}
	}
	return p
}

// DefaultTermDays is the Awb 4:13 decision term when the product names none: eight weeks.
const DefaultTermDays = 56

// DefaultRepairDays is the hersteltermijn (Awb 4:5) given when the handler names none: two weeks.
const DefaultRepairDays = 14

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

// Request is a submitted request or objection: what was asked, and what happened to its term.
// The decision deadline is not a field: DeadlineFor derives it on every read.
type Request struct {
	ID           int64     `json:"-"`
	Reference    string    `json:"reference"`
	Product      string    `json:"product"`
	ProductTitle string    `json:"product_title"`
	Kind         string    `json:"kind"`
	Team         string    `json:"team"`
	Status       Status    `json:"status"`
	Assignee     string    `json:"assignee,omitempty"` // e-mail address of the handler, for "mine"
	AssigneeName string    `json:"assignee_name,omitempty"`
	Name         string    `json:"name,omitempty"`
	Email        string    `json:"email,omitempty"`
	Answers      []Answer  `json:"answers"`
	ReceivedAt   time.Time `json:"received_at"`

	Procedure     Procedure    `json:"procedure,omitzero"` // as it was on receipt
	Committee     bool         `json:"committee,omitempty"`
	TermDays      int          `json:"term_days"`
	ExtensionDays int          `json:"extension_days,omitempty"` // total of Extensions
	ExtensionNote string       `json:"extension_note,omitempty"`
	Extensions    []Extension  `json:"extensions,omitempty"`
	Suspensions   []Suspension `json:"suspensions,omitempty"`
	Notices       []time.Time  `json:"notices,omitempty"` // days notices of default were received
	// Deadline, Urgent and UrgentReason are the derived term as of the last change or read, for mail
	// texts; they are not kept in the stored document (the store writes Deadline to a column used only
	// to pick the queue's rows) and nothing decides on them: DeadlineFor does.
	Deadline time.Time `json:"-"`

	DecisionSent   time.Time `json:"decision_sent,omitzero"` // objection: the contested decision
	ObjectionUntil time.Time `json:"objection_until,omitzero"`
	Late           bool      `json:"late,omitempty"`
	RelatedDate    time.Time `json:"related_date,omitzero"`
	RelatedLabel   string    `json:"related_label,omitempty"`
	Hearing        time.Time `json:"hearing,omitzero"`
	HearingInfo    *Hearing  `json:"hearing_info,omitempty"`
	Urgent         bool      `json:"-"`
	UrgentReason   string    `json:"-"`
	// Told records which one-off messages were sent (urgent, granted, lapsed, penalty), so a sweep
	// sends each once.
	Told map[string]bool `json:"told,omitempty"`

	Outcome   string    `json:"outcome,omitempty"`
	Letter    *Letter   `json:"letter,omitempty"` // the decision letter as sent
	DecidedAt time.Time `json:"decided_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Hearing is a planned hearing (hoorzitting): when, where and what to bring.
type Hearing struct {
	Start time.Time `json:"start"` // date and time, Amsterdam
	Place string    `json:"place"`
	Bring string    `json:"bring,omitempty"`
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
	return NewWithProcedure(f, p, ProcedureFor(f, p, nil), v, received)
}

// NewWithProcedure is New with the procedure chosen by the caller (a by-law procedure).
func NewWithProcedure(f Form, p Product, pr Procedure, v Values, received time.Time) (Request, error) {
	r := Request{Product: p.ID, ProductTitle: p.Title, Kind: f.Kind, Team: p.Team, Status: StatusReceived,
		ReceivedAt: received, UpdatedAt: received, Procedure: pr, Committee: f.Committee}
	r.TermDays = pr.TermDaysFor(r.Committee)
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

// Recompute refreshes the derived Deadline and Urgent fields kept for older screens.
func (r *Request) Recompute(today time.Time) error {
	d, err := DeadlineFor(*r, today)
	if err != nil {
		return err
	}
	r.Deadline, r.Urgent, r.UrgentReason = d.Due, d.Urgent, d.UrgentReason
	return nil
}

// Waiting reports whether the term is suspended because the requester was asked for information.
func (r Request) Waiting() bool {
	n := len(r.Suspensions)
	return n > 0 && r.Suspensions[n-1].Resolved.IsZero() && r.Status != StatusDecided
}

// WorkingDaysLeft counts the working days from today up to and including the derived deadline;
// negative when it has passed.
func (r Request) WorkingDaysLeft(today time.Time) int {
	d, _ := DeadlineFor(r, today)
	return d.DaysLeft
}

// Overdue reports whether the derived deadline passed without a decision ("te laat").
func (r Request) Overdue(today time.Time) bool {
	d, _ := DeadlineFor(r, today)
	return !d.Decided && d.Overdue
}

// Warn reports whether little time is left: fewer than WarnWorkingDays working days.
func (r Request) Warn(today time.Time) bool {
	d, _ := DeadlineFor(r, today)
	return d.Warn
}

// WorkingDaysBetween counts working days in (from, to], or minus those in (to, from] when to is earlier.
func WorkingDaysBetween(from, to time.Time) int {
	return calendar.TermDaysBetween(civilDate(from), civilDate(to))
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
