package api

import (
	"net/http"
	"slices"
	"time"

	"loket/internal/contact"
	"loket/internal/web/respond"
	"loket/internal/web/shared"
)

type apiConversation struct {
	ID           int64     `json:"id"`
	Reference    string    `json:"reference"`
	Channel      string    `json:"channel"`
	Subject      string    `json:"subject"`
	State        string    `json:"state"`
	Team         string    `json:"team"`
	AssigneeID   int64     `json:"assignee_id,omitempty"`
	PartyName    string    `json:"party_name"`
	PartyEmail   string    `json:"party_email"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	FirstDue     time.Time `json:"first_response_due,omitzero"`
	ResolveDue   time.Time `json:"resolution_due,omitzero"`
	Breached     bool      `json:"breached"`
	ClockPaused  bool      `json:"clock_paused"`
	MessageCount int       `json:"messages"`
}

func (h *Handler) toAPIConversation(c contact.Conversation, now time.Time) apiConversation {
	clock := h.deps.Contact.Levels.ClockFor(c, now)
	return apiConversation{ID: c.ID, Reference: c.Reference, Channel: c.Channel, Subject: c.Subject, State: c.State,
		Team: c.Team, AssigneeID: c.AssigneeID, PartyName: c.PartyName, PartyEmail: c.PartyEmail, CreatedAt: c.CreatedAt,
		UpdatedAt: c.UpdatedAt, FirstDue: clock.First.Due, ResolveDue: clock.Final.Due,
		Breached: clock.First.Breached || clock.Final.Breached, ClockPaused: clock.Paused, MessageCount: c.Messages}
}

// listConversations is GET /api/v1/conversations?state=&channel=&team=; it lists up to 500, newest first.
func (h *Handler) listConversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := shared.InboxFilter(r)
	f.State, f.Channel, f.Team = q.Get("state"), q.Get("channel"), q.Get("team")
	if f.State != "" && !slices.Contains(contact.States, f.State) {
		respond.Fail(w, http.StatusBadRequest, "state must be one of new, open, waiting, closed")
		return
	}
	if f.Channel != "" && !slices.Contains(contact.Channels, f.Channel) {
		respond.Fail(w, http.StatusBadRequest, "unknown channel")
		return
	}
	list, err := h.deps.Store.Conversations(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := []apiConversation{}
	now := time.Now()
	for _, c := range list {
		out = append(out, h.toAPIConversation(c, now))
	}
	h.auth.Audit(r, "list", "conversation", "", "api")
	respond.JSON(w, http.StatusOK, map[string]any{"conversations": out})
}
