package console

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// turnChatIntoCallback makes a callback request (interne taak) of a chat for a team or colleague, tells the
// resident in the chat and ends it.
func (h *Handler) turnChatIntoCallback(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		h.notFound(w, r)
		return
	}
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	f := r.PostForm
	due, okDue := parseDue(f.Get("uiterlijk"))
	assignee, _ := strconv.ParseInt(f.Get("medewerker"), 10, 64)
	task := store.CallbackTask{Team: strings.TrimSpace(f.Get("team")), AssigneeID: assignee, Due: due,
		Description: strings.TrimSpace(f.Get("omschrijving")), Phone: strings.TrimSpace(f.Get("telefoon")), CreatedBy: staffauth.Staff(r).Email}
	if task.Team == "" || task.Description == "" || !okDue || utf8.RuneCountInString(task.Description) > 2000 || len(task.Phone) > 30 {
		h.badRequest(w, r, "Kies een team en een tijdstip, en beschrijf in maximaal 2000 tekens wat er moet gebeuren.")
		return
	}
	cs, err := h.deps.Store.Chat(r.Context(), id)
	if err != nil || cs.AgentID != staffauth.Staff(r).ID {
		h.badRequest(w, r, "Deze chat is niet (meer) van u.")
		return
	}
	task.Description = "Terugbellen na chat: " + task.Description
	if _, err := h.deps.Store.AddCallback(r.Context(), id, task, h.deps.Contact); err != nil {
		h.contactError(w, r, err)
		return
	}
	if err := h.deps.Chat.End(r.Context(), id, "Een collega belt u terug. U hoort uiterlijk "+render.DateTime(due)+" van ons."); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "callback", "conversation", strconv.FormatInt(id, 10), task.Team)
	http.Redirect(w, r, "/beheer/chat?terugbellen="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
