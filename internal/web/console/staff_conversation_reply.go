package console

import (
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// replyConversation is POST /beheer/gesprekken/{id}/antwoord. The contact service routes the reply (into a
// chat in progress at once, else by the conversation's channel) and refuses it over a colleague's newer
// reply the agent had not seen; then the page shows that reply and the agent's text, ready to send again.
func (h *Handler) replyConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 256<<10)
	if !ok {
		return
	}
	st := staffauth.Staff(r)
	form := replyForm{Text: r.PostForm.Get("tekst"), Suggestion: r.PostForm.Get("suggestie"), State: r.PostForm.Get("status")}
	seen, _ := strconv.ParseInt(r.PostForm.Get("gezien"), 10, 64)
	_, err := h.deps.ContactService.Reply(r.Context(), id, contact.Reply{Author: st.Email, AuthorName: st.Name, Text: form.Text,
		Suggestion: form.Suggestion, State: form.State, CheckSeen: r.PostForm.Has("gezien"), SeenReplyID: seen})
	switch problem.KindOf(err) {
	case problem.Invalid, problem.Conflict:
		form.Error = problem.MessageOf(err)
		if fields := problem.FieldsOf(err); fields["text"] != "" {
			form.Error = fields["text"]
		} else if fields["state"] != "" {
			form.Error = fields["state"]
		}
		status := http.StatusUnprocessableEntity
		if problem.KindOf(err) == problem.Conflict {
			status = http.StatusConflict
		}
		h.renderConversation(w, r, status, id, form)
		return
	}
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "reply", "conversation", strconv.FormatInt(id, 10), form.Suggestion)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"?verstuurd=1#berichten", http.StatusSeeOther)
}
