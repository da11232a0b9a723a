package console

import (
	"net/http"
	"strconv"
	"strings"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// addConversationTask hands work on a conversation to a back-office team (an interne taak), optionally to
// one colleague and with a due time; "terugbellen" makes it a callback, whose number becomes the person's
// phone address and is mailed to the team or colleague.
func (h *Handler) addConversationTask(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	f := r.PostForm
	team := strings.TrimSpace(f.Get("team"))
	if known, err := h.knownTeam(r, team); err != nil {
		h.serverError(w, r, err)
		return
	} else if !known {
		h.badRequest(w, r, "Dit team bestaat niet. Kies een team uit de lijst.")
		return
	}
	assignee, ok := h.chosenColleague(w, r, f.Get("taak-medewerker"))
	if !ok {
		return
	}
	due, hasDue := parseDue(f.Get("taak-uiterlijk"))
	if f.Get("taak-uiterlijk") != "" && !hasDue {
		h.badRequest(w, r, "Kies een geldige datum en tijd voor 'uiterlijk klaar'.")
		return
	}
	by := staffauth.Staff(r).Email
	var err error
	if f.Get("terugbellen") == "1" {
		_, err = h.deps.ContactService.AddCallback(r.Context(), id, contact.CallbackTask{Team: team, AssigneeID: assignee, Due: due,
			Description: "Terugbellen: " + strings.TrimSpace(f.Get("omschrijving")), CreatedBy: by, Phone: f.Get("telefoon")})
	} else {
		_, err = h.deps.ContactService.AddTask(r.Context(), contact.Task{ConversationID: id, Team: team, AssigneeID: assignee, Due: due,
			Description: f.Get("omschrijving"), CreatedBy: by})
	}
	if problem.KindOf(err) == problem.Invalid {
		var msgs []string
		for _, m := range problem.FieldsOf(err) {
			msgs = append(msgs, m)
		}
		h.badRequest(w, r, strings.Join(msgs, " "))
		return
	}
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "task", "conversation", strconv.FormatInt(id, 10), team)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
