package public

import (
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"
)

// replyToMyQuestion adds the person's message to one of their open questions; the agents see it in the
// inbox as the resident's. A refused message is shown again with what was typed.
func (h *Handler) replyToMyQuestion(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 32<<10) {
		return
	}
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	a, c, ok := h.myQuestion(w, r)
	if !ok {
		return
	}
	text := r.PostForm.Get("bericht")
	err := h.deps.IdentityQuestions.Reply(r.Context(), a.Person, c.ID, c.State != contact.StateClosed, text)
	if msg := problem.FieldsOf(err)["bericht"]; msg != "" {
		h.renderMyQuestion(w, r, text, msg, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn-loket/vragen/"+strconv.FormatInt(c.ID, 10)+"?verstuurd=1#antwoord", http.StatusSeeOther)
}
