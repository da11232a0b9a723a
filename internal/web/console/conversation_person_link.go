package console

import (
	"net/http"
	"strconv"

	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// personLinkForm is what an agent typed to link a conversation to a resident or company, with the
// messages per field.
type personLinkForm struct {
	Number, Reason string
	Errors         map[string]string
	Done           bool
}

// linkConversationToPerson links a conversation to a BSN or KvK number, so it shows in that person's
// Mijn loket; the identity service checks the number and the reason and audits both.
func (h *Handler) linkConversationToPerson(w http.ResponseWriter, r *http.Request) {
	if h.deps.IdentityQuestions == nil {
		h.notFound(w, r)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || !h.parseForm(w, r, 4<<10) {
		h.notFound(w, r)
		return
	}
	c, err := h.deps.Store.Conversation(r.Context(), id)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	form := personLinkForm{Number: r.PostForm.Get("nummer"), Reason: r.PostForm.Get("reden")}
	err = h.deps.IdentityQuestions.LinkByStaff(r.Context(), staffauth.Staff(r).Email, c.ID, c.Reference, form.Number, form.Reason)
	status := http.StatusOK
	switch {
	case problem.KindOf(err) == problem.Invalid:
		form.Errors, status = problem.FieldsOf(err), http.StatusUnprocessableEntity
	case err != nil:
		h.serverError(w, r, err)
		return
	default:
		form = personLinkForm{Done: true}
	}
	h.renderConversation(w, r, status, c.ID, replyForm{PersonLink: form})
}
