package api

import (
	"net/http"
	"strconv"
	"time"

	"loket/internal/contact"
	"loket/internal/web/respond"
)

type apiMessage struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind"`
	Channel        string    `json:"channel"`
	Author         string    `json:"author"`
	Subject        string    `json:"subject,omitempty"`
	Text           string    `json:"text"`
	CreatedAt      time.Time `json:"created_at"`
	Automatic      bool      `json:"automatic"`
	SuggestionUsed string    `json:"suggestion_used,omitempty"`
	Delivery       string    `json:"delivery,omitempty"`
	Attempts       int       `json:"delivery_attempts,omitempty"`
	Attachments    []string  `json:"attachments,omitempty"`
}

// showConversation is GET /api/v1/conversations/{id}: the conversation, its messages and the three best
// knowledge-base answers to the latest incoming message.
func (h *Handler) showConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	c, err := h.deps.Store.Conversation(r.Context(), id)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	msgs, err := h.deps.Store.Messages(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := []apiMessage{}
	question := c.Subject
	for _, m := range msgs {
		am := apiMessage{ID: m.ID, Kind: m.Kind, Channel: m.Channel, Author: m.Author, Subject: m.Subject, Text: m.Body,
			CreatedAt: m.CreatedAt, Automatic: m.Automatic, SuggestionUsed: m.SuggestionUsed}
		if m.Delivery != nil {
			am.Delivery, am.Attempts = m.Delivery.State, m.Delivery.Attempts
		}
		for _, a := range m.Attachments {
			am.Attachments = append(am.Attachments, a.Filename)
		}
		if m.Kind == contact.KindIn {
			question = m.Subject + "\n" + m.Body
		}
		out = append(out, am)
	}
	suggestions, err := h.deps.Search.SuggestReplies(h.deps.BaseURL, question)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "view", "conversation", strconv.FormatInt(id, 10), c.Reference+" via de API")
	respond.JSON(w, http.StatusOK, map[string]any{"conversation": h.toAPIConversation(c, h.now()), "messages": out,
		"suggestions": h.toAPIAnswerSuggestions(suggestions)})
}
