// Package problem is loket's one error convention. An error that a person may see carries a Kind (what
// went wrong, which the web layer maps to a status), a safe Dutch message and, for input, the message per
// field; the internal cause is kept for the log and never shown. Capabilities return these from their
// services; handlers render Message and Fields, and log Cause.
package problem

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// Kind says what went wrong, independent of the surface that reports it.
type Kind int

// The kinds of problem, each with its usual HTTP status in the web layer.
const (
	Internal  Kind = iota // 500: a fault of loket's; the person sees only a general message
	Invalid               // 422: input that breaks a rule; Fields says which
	NotFound              // 404
	Conflict              // 409: the state changed meanwhile (a slot taken, an edit on an old version)
	Forbidden             // 403
	TooMany               // 429: a limit per purpose
)

// ErrNotFound is the one "does not exist" error: every store and service wraps it, so errors.Is finds it.
var ErrNotFound = errors.New("not found")

// Error is a problem with a safe message for a person and an internal cause for the log.
type Error struct {
	Kind    Kind
	Message string            // safe, Dutch, B1: shown as it is
	Fields  map[string]string // field name -> safe message, for Invalid
	Cause   error             // logged, never shown
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		b.WriteString("; " + k + ": " + e.Fields[k])
	}
	if e.Cause != nil {
		b.WriteString(": " + e.Cause.Error())
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As the cause; a NotFound problem also matches ErrNotFound.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Cause != nil {
		errs = append(errs, e.Cause)
	}
	if e.Kind == NotFound {
		errs = append(errs, ErrNotFound)
	}
	return errs
}

// Fields collects the problems with a form or document, all at once. The zero value is ready to use.
type Fields map[string]string

// Add records msg for field, keeping the first message when a field has several problems.
func (f *Fields) Add(field, msg string) {
	if *f == nil {
		*f = Fields{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = msg
	}
}

// Err is nil when nothing was added, else an Invalid problem listing every field.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "Niet alles is goed ingevuld.", Fields: maps.Clone(map[string]string(f))}
}

// New returns a problem of kind with a safe message.
func New(kind Kind, message string) error { return &Error{Kind: kind, Message: message} }

// Wrap returns a problem of kind with a safe message and the internal cause.
func Wrap(kind Kind, message string, cause error) error {
	return &Error{Kind: kind, Message: message, Cause: cause}
}

// Field returns an Invalid problem for one field.
func Field(field, message string) error {
	return &Error{Kind: Invalid, Message: message, Fields: map[string]string{field: message}}
}

// KindOf is the kind of err: that of the problem inside it, NotFound for ErrNotFound, else Internal.
func KindOf(err error) Kind {
	if p, ok := errors.AsType[*Error](err); ok {
		return p.Kind
	}
	if errors.Is(err, ErrNotFound) {
		return NotFound
	}
	return Internal
}

// MessageOf is the safe message of err, or a general one for an internal fault (whose text may hold
// anything and is never shown).
func MessageOf(err error) string {
	if p, ok := errors.AsType[*Error](err); ok && p.Message != "" && p.Kind != Internal {
		return p.Message
	}
	if errors.Is(err, ErrNotFound) {
		return "Dit bestaat niet (meer)."
	}
	return "Er ging iets mis bij ons. Probeer het later nog eens."
}

// FieldsOf are the per-field messages of err, or nil.
func FieldsOf(err error) map[string]string {
	if p, ok := errors.AsType[*Error](err); ok {
		return p.Fields
	}
	return nil
}
