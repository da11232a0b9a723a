package api

import (
	"net/http"
	"strconv"
	"time"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
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

// listConversations is GET /api/v1/conversations?q=&state=&channel=&team=&assignee=&sort=due|oldest|newest&cursor=:
// one page of the inbox (keyset paging, so every matching conversation is reachable), with the ready URL of
// the next page in "next" (null on the last page).
func (h *Handler) listConversations(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := contact.InboxQuery{Text: v.Get("q"), State: v.Get("state"), Channel: v.Get("channel"), Team: v.Get("team"), Sort: v.Get("sort")}
	fields := map[string]string{}
	var err error
	if q.After, err = contact.ParseCursor(v.Get("cursor")); err != nil {
		fields["cursor"] = "not a cursor of this list; start again without it"
	}
	if s := v.Get("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil || q.Limit < 1 || q.Limit > contact.MaxPageSize {
			fields["limit"] = "a number from 1 to 200"
		}
	}
	switch who := v.Get("assignee"); who {
	case "":
	case "me":
		q.AssigneeID = staffauth.Staff(r).ID
	case "none":
		q.AssigneeID = -1
	default:
		if q.AssigneeID, err = strconv.ParseInt(who, 10, 64); err != nil || q.AssigneeID <= 0 {
			fields["assignee"] = "me, none or a staff id"
		}
	}
	if len(fields) > 0 {
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: "some parameters are not right", Fields: fields})
		return
	}
	page, err := h.deps.ContactService.Inbox(r.Context(), q)
	if problem.KindOf(err) == problem.Invalid {
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: problem.MessageOf(err), Fields: problem.FieldsOf(err)})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := []apiConversation{}
	now := h.now()
	for _, c := range page.Conversations {
		out = append(out, h.toAPIConversation(c, now))
	}
	var next *string
	if !page.Next.IsZero() {
		v.Set("cursor", page.Next.String())
		u := "/api/v1/conversations?" + v.Encode()
		next = &u
	}
	h.auth.Audit(r, "list", "conversation", "", "via de API")
	respond.JSON(w, http.StatusOK, apiConversationPage{Conversations: out, Next: next})
}

// apiConversationPage is one page of GET /api/v1/conversations.
type apiConversationPage struct {
	Conversations []apiConversation `json:"conversations"`
	Next          *string           `json:"next"` // the URL of the next page, null on the last
}
