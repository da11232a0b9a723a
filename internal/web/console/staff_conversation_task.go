package console

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/contact"
	"loket/internal/web/staffauth"
)

// addConversationTask hands a callback request or other work to a back-office team (an interne taak).
func (h *Handler) addConversationTask(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	t := contact.Task{ConversationID: id, Team: strings.TrimSpace(r.PostForm.Get("team")),
		Description: strings.TrimSpace(r.PostForm.Get("omschrijving")), CreatedBy: staffauth.Staff(r).Email}
	if t.Team == "" || t.Description == "" || utf8.RuneCountInString(t.Description) > 2000 {
		h.badRequest(w, r, "Kies een team en beschrijf de taak in maximaal 2000 tekens.")
		return
	}
	if ok, err := h.knownTeam(r, t.Team); err != nil {
		h.serverError(w, r, err)
		return
	} else if !ok {
		h.badRequest(w, r, "Dit team bestaat niet. Kies een team uit de lijst.")
		return
	}
	if _, err := h.deps.Store.Conversation(r.Context(), id); err != nil {
		h.contactError(w, r, err)
		return
	}
	if _, err := h.deps.Store.AddTask(r.Context(), t); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "task", "conversation", strconv.FormatInt(id, 10), t.Team)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
