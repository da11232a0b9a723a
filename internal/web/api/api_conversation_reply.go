package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/web/respond"
	"loket/internal/web/shared"
	"loket/internal/web/staffauth"
)

// replyConversation is POST /api/v1/conversations/{id}/replies with {"text", "suggestion", "state"}; the
// e-mail goes out through the outbox.
func (h *Handler) replyConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := shared.ConversationID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	var body apiReplyBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be a JSON object {"text": "..."}`)
		return
	}
	body.Text = strings.TrimSpace(body.Text)
	fields := map[string]string{}
	if body.Text == "" || utf8.RuneCountInString(body.Text) > shared.MaxReplyRunes || !utf8.ValidString(body.Text) {
		fields["text"] = "required, at most 20000 characters"
	}
	if body.State != "" && body.State != contact.StateWaiting && body.State != contact.StateOpen && body.State != contact.StateClosed {
		fields["state"] = "one of waiting, open, closed"
	}
	if len(fields) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not right", Fields: fields})
		return
	}
	msgID, err := h.deps.Store.AddReply(r.Context(), id, store.Reply{Author: staffauth.Staff(r).Email, Text: body.Text,
		Suggestion: body.Suggestion, State: body.State}, h.deps.Contact)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	shared.RecordReply(r.Context(), h.deps.Store, h.deps.Insight, h.deps.Log, id, body.Suggestion)
	h.auth.Audit(r, "reply", "conversation", strconv.FormatInt(id, 10), body.Suggestion)
	respond.JSON(w, http.StatusCreated, apiReplyCreated{MessageID: msgID, Delivery: contact.DeliveryQueued})
}

// apiReplyBody is the JSON body of POST /api/v1/conversations/{id}/replies.
type apiReplyBody struct {
	Text       string `json:"text"`
	Suggestion string `json:"suggestion,omitempty"` // the article id the answer started from
	State      string `json:"state,omitempty"`      // waiting (default), open or closed
}

// apiReplyCreated is the answer to a stored reply.
type apiReplyCreated struct {
	MessageID int64  `json:"message_id"`
	Delivery  string `json:"delivery"`
}
