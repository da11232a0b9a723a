package contact

import (
	"maps"
	"slices"
	"strings"
)

// FieldErrors are the safe Dutch messages of a validation, by field name; all fields are checked at once.
// errors.Is(err, ErrInvalid) holds for them.
type FieldErrors map[string]string

// Error lists the fields that are not right, for logs.
func (f FieldErrors) Error() string {
	return "contact: invalid " + strings.Join(slices.Sorted(maps.Keys(f)), ", ")
}

// Is makes FieldErrors an ErrInvalid.
func (f FieldErrors) Is(target error) bool { return target == ErrInvalid }
