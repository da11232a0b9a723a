package api

import (
	"net/http"

	"loket/internal/problem"
	"loket/internal/web/respond"
)

// contactProblem answers an error of the contact service: its kind sets the status, its safe message and
// field messages are the body, and an internal fault is logged and answered without its cause.
func (h *Handler) contactProblem(w http.ResponseWriter, r *http.Request, err error) {
	switch problem.KindOf(err) {
	case problem.Invalid:
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: problem.MessageOf(err), Fields: problem.FieldsOf(err)})
	case problem.NotFound:
		h.notFound(w, r)
	case problem.Conflict:
		respond.Fail(w, http.StatusConflict, problem.MessageOf(err))
	default:
		h.contactError(w, r, err)
	}
}
