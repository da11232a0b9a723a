package api

import (
	"net/http"

	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/web/respond"
)

// createContact is POST /api/v1/contact: the contact form as JSON. It answers 201 only after the commit.
func (h *Handler) createContact(w http.ResponseWriter, r *http.Request) {
	var q contact.Question
	if err := respond.DecodeJSON(w, r, 128<<10, &q); err != nil {
		respond.Fail(w, http.StatusBadRequest, "body must be one JSON object with name, email, subject and message, sent as application/json")
		return
	}
	q = q.Normalize()
	if errs := q.Validate(); len(errs) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not right", Fields: errs})
		return
	}
	if !h.limits.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "too many messages; try again in a few minutes")
		return
	}
	rc, err := h.deps.Store.Intake(r.Context(), q.Inbound(), h.deps.Contact)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.deps.Insight.Contact(insight.ChannelForm, "", 0)
	respond.JSON(w, http.StatusCreated, apiContactCreated{Reference: rc.Reference, ConversationID: rc.ConversationID})
}

// apiContactCreated is the answer to a stored question.
type apiContactCreated struct {
	Reference      string `json:"reference"`
	ConversationID int64  `json:"conversation_id"`
}
