package api

import (
	"net/http"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/respond"
)

// createContact is POST /api/v1/contact: the contact form as JSON. It answers 201 only after the commit;
// the same question again within minutes answers the first conversation, marked duplicate.
func (h *Handler) createContact(w http.ResponseWriter, r *http.Request) {
	var q contact.Question
	if err := respond.DecodeJSON(w, r, 128<<10, &q); err != nil {
		respond.Fail(w, http.StatusBadRequest, "body must be one JSON object with name, email, subject and message, sent as application/json")
		return
	}
	if err := contact.FieldErrors(q.Normalize().Validate()).Err(); err != nil { // refused input spends no rate limit
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not right", Fields: problem.FieldsOf(err)})
		return
	}
	if !h.limits.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "too many messages; try again in a few minutes")
		return
	}
	rc, err := h.deps.ContactService.Ask(r.Context(), q)
	if err != nil {
		h.contactProblem(w, r, err)
		return
	}
	respond.JSON(w, http.StatusCreated, apiContactCreated{Reference: rc.Reference, ConversationID: rc.ConversationID, Duplicate: rc.Duplicate})
}

// apiContactCreated is the answer to a stored question.
type apiContactCreated struct {
	Reference      string `json:"reference"`
	ConversationID int64  `json:"conversation_id"`
	Duplicate      bool   `json:"duplicate,omitempty"` // the same question arrived moments ago: this is that one
}
