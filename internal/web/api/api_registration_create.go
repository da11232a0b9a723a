package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"loket/internal/store"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// apiRegistrationBody registers a phone call or counter visit through the API.
type apiRegistrationBody struct {
	Channel    string    `json:"channel"` // phone or counter
	PartyID    int64     `json:"party_id,omitempty"`
	Name       string    `json:"name,omitempty"`
	Email      string    `json:"email,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	TopicID    string    `json:"topic_id,omitempty"` // knowledge-base article
	Subject    string    `json:"subject,omitempty"`
	Note       string    `json:"note,omitempty"`
	Result     string    `json:"result"` // answered, forwarded or callback
	Team       string    `json:"team,omitempty"`
	AssigneeID int64     `json:"assignee_id,omitempty"`
	Due        time.Time `json:"due,omitempty"` // callback: RFC 3339
}

type apiRegistrationCreated struct {
	ConversationID int64  `json:"conversation_id"`
	Reference      string `json:"reference"`
	PartyID        int64  `json:"party_id"`
	TaskID         int64  `json:"task_id,omitempty"`
}

// createRegistration is POST /api/v1/registrations: 201 after the commit, 422 with a message per field.
func (h *Handler) createRegistration(w http.ResponseWriter, r *http.Request) {
	var in apiRegistrationBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		respond.Fail(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return
	}
	reg := store.Registration{Channel: in.Channel, PartyID: in.PartyID, Name: in.Name, Email: in.Email, Phone: in.Phone,
		TopicID: in.TopicID, Subject: in.Subject, Note: in.Note, Result: in.Result, Team: in.Team, AssigneeID: in.AssigneeID,
		Due: in.Due, CreatedBy: staffauth.Staff(r).Email}
	if errs := reg.Validate(); len(errs) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "the registration is not complete", Fields: errs})
		return
	}
	rc, err := h.deps.ContactService.Register(r.Context(), reg) // the service counts it for insight
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "register", "conversation", strconv.FormatInt(rc.ConversationID, 10), reg.Channel+" "+reg.Result)
	respond.JSON(w, http.StatusCreated, apiRegistrationCreated{ConversationID: rc.ConversationID, Reference: rc.Reference,
		PartyID: rc.PartyID, TaskID: rc.TaskID})
}
