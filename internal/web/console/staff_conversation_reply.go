package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/web/shared"
	"loket/internal/web/staffauth"
)

func (h *Handler) replyConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 256<<10)
	if !ok {
		return
	}
	form := replyForm{Text: strings.TrimSpace(r.PostForm.Get("tekst")), Suggestion: r.PostForm.Get("suggestie"),
		State: r.PostForm.Get("status")}
	if form.State == "" {
		form.State = contact.StateWaiting
	}
	switch {
	case form.Text == "":
		form.Error = "Schrijf eerst uw antwoord."
	case utf8.RuneCountInString(form.Text) > shared.MaxReplyRunes || !utf8.ValidString(form.Text):
		form.Error = "Uw antwoord is te lang. Gebruik maximaal 20.000 tekens."
	case form.State != contact.StateWaiting && form.State != contact.StateOpen && form.State != contact.StateClosed:
		form.Error = "Kies wat er na het versturen met het gesprek gebeurt."
	}
	if form.Error != "" {
		h.renderConversation(w, r, http.StatusUnprocessableEntity, id, form)
		return
	}
	if h.sayInLiveChat(w, r, id, form) {
		return
	}
	_, err := h.deps.Store.AddReply(r.Context(), id, store.Reply{Author: staffauth.Staff(r).Email, Text: form.Text,
		Suggestion: form.Suggestion, State: form.State}, h.deps.Contact)
	if errors.Is(err, store.ErrOutsideWindow) {
		form.Error = "De inwoner schreef meer dan 24 uur geleden via WhatsApp. U kunt nu alleen een goedgekeurd sjabloon sturen."
		h.renderConversation(w, r, http.StatusUnprocessableEntity, id, form)
		return
	}
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	shared.RecordReply(r.Context(), h.deps.Store, h.deps.Insight, h.deps.Log, id, form.Suggestion)
	h.auth.Audit(r, "reply", "conversation", strconv.FormatInt(id, 10), form.Suggestion)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"?verstuurd=1#berichten", http.StatusSeeOther)
}

// sayInLiveChat sends a reply to a chat that is still in progress into the chat itself, so the resident sees
// it at once. It reports whether it handled the reply (sent it, or answered with an error).
func (h *Handler) sayInLiveChat(w http.ResponseWriter, r *http.Request, id int64, form replyForm) bool {
	if h.deps.Chat == nil {
		return false
	}
	name := staffauth.Staff(r).Name
	if name == "" {
		name = staffauth.Staff(r).Email
	}
	err := h.deps.Chat.Say(r.Context(), id, name, form.Text, form.Suggestion)
	switch {
	case errors.Is(err, chat.ErrNotLive), errors.Is(err, store.ErrNotFound), errors.Is(err, contact.ErrNotFound):
		return false // not a chat, or no longer live: an ordinary reply
	case err != nil:
		h.contactError(w, r, err)
		return true
	}
	shared.RecordReply(r.Context(), h.deps.Store, h.deps.Insight, h.deps.Log, id, form.Suggestion)
	h.auth.Audit(r, "reply", "conversation", strconv.FormatInt(id, 10), form.Suggestion)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"?verstuurd=1#berichten", http.StatusSeeOther)
	return true
}
