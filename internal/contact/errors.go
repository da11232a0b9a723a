package contact

import (
	"maps"

	"loket/internal/problem"
)

// FieldErrors collect the safe Dutch messages of a validation by field name, so every field is checked at
// once; Err turns them into a problem.Invalid that also matches ErrInvalid.
type FieldErrors map[string]string

// Err is nil without messages, else an Invalid problem with every field's message.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &problem.Error{Kind: problem.Invalid, Message: "Niet alles is goed ingevuld.", Fields: maps.Clone(map[string]string(f)),
		Cause: ErrInvalid}
}

// fieldErr is the problem of one field.
func fieldErr(field, message string) error { return FieldErrors{field: message}.Err() }
