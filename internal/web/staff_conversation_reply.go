package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/contact"
	"loket/internal/store"
)

const maxReplyRunes = 20000

func (h *staffHandler) replyConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is te groot of niet goed verstuurd.")
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
	case utf8.RuneCountInString(form.Text) > maxReplyRunes || !utf8.ValidString(form.Text):
		form.Error = "Uw antwoord is te lang. Gebruik maximaal 20.000 tekens."
	case form.State != contact.StateWaiting && form.State != contact.StateOpen && form.State != contact.StateClosed:
		form.Error = "Kies wat er na het versturen met het gesprek gebeurt."
	}
	if form.Error != "" {
		h.renderConversation(w, r, http.StatusUnprocessableEntity, id, form)
		return
	}
	_, err := h.deps.Store.AddReply(r.Context(), id, store.Reply{Author: staff(r).Email, Text: form.Text,
		Suggestion: form.Suggestion, State: form.State}, h.deps.Contact)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.audit(r, "reply", "conversation", strconv.FormatInt(id, 10), form.Suggestion)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"?verstuurd=1#berichten", http.StatusSeeOther)
}
