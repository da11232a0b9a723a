package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

type apiPersonLinkBody struct {
	Number string `json:"number"` // a BSN (9 digits, eleven test) or a KvK number (8 digits)
	Reason string `json:"reason"`
}

type apiPersonLinked struct {
	Reference string `json:"reference"`
	Linked    bool   `json:"linked"`
}

// linkConversationPersonAPI is POST /api/v1/conversations/{id}/person with {"number", "reason"}: the
// conversation shows in that resident's or company's Mijn loket; the link and the reason are audited.
func (h *Handler) linkConversationPersonAPI(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok || h.deps.IdentityQuestions == nil {
		h.NotFound(w, r)
		return
	}
	var body apiPersonLinkBody
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be a JSON object {"number": "...", "reason": "..."}`)
		return
	}
	c, err := h.deps.Store.Conversation(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, problem.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	err = h.deps.IdentityQuestions.LinkByStaff(r.Context(), staffauth.Staff(r).Email, c.ID, c.Reference, body.Number, body.Reason)
	switch {
	case problem.KindOf(err) == problem.Invalid:
		f := problem.FieldsOf(err)
		fields := map[string]string{}
		if m := f["nummer"]; m != "" {
			fields["number"] = m
		}
		if m := f["reden"]; m != "" {
			fields["reason"] = m
		}
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "some fields are not right", Fields: fields})
	case problem.KindOf(err) == problem.NotFound:
		h.NotFound(w, r)
	case err != nil:
		h.serverError(w, r, err)
	default:
		respond.JSON(w, http.StatusOK, apiPersonLinked{Reference: c.Reference, Linked: true})
	}
}
