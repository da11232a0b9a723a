package respond

import (
	"net/http"

	"loket/internal/problem"
)

// ProblemStatus is the HTTP status of a problem a person can act on, 0 for an internal fault.
func ProblemStatus(err error) int {
	return map[problem.Kind]int{problem.Invalid: http.StatusUnprocessableEntity, problem.NotFound: http.StatusNotFound,
		problem.Conflict: http.StatusConflict, problem.Forbidden: http.StatusForbidden,
		problem.TooMany: http.StatusTooManyRequests}[problem.KindOf(err)]
}

// WriteProblem answers a problem with its status, safe message and field messages as JSON; false for an
// internal fault, which the caller logs and answers as a 500.
func WriteProblem(w http.ResponseWriter, err error) bool {
	status := ProblemStatus(err)
	if status == 0 {
		return false
	}
	JSON(w, status, Error{Error: problem.MessageOf(err), Fields: problem.FieldsOf(err)})
	return true
}
