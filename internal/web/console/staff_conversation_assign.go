package console

import (
	"loket/internal/web/staffauth"
	"net/http"
	"slices"
	"strconv"
)

// assignConversation gives a conversation to a team and a colleague; "ik" takes it oneself.
func (h *Handler) assignConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	team, who := r.PostForm.Get("team"), r.PostForm.Get("medewerker")
	var assignee int64
	switch who {
	case "ik":
		assignee = staffauth.Staff(r).ID
	case "", "0":
	default:
		var err error
		if assignee, err = strconv.ParseInt(who, 10, 64); err != nil {
			h.badRequest(w, r, "Kies een collega uit de lijst.")
			return
		}
		if u, err := h.deps.Store.StaffUser(r.Context(), assignee); err != nil || u.Disabled || !u.Can(staffauth.Agents...) {
			h.badRequest(w, r, "Deze collega bestaat niet of beantwoordt geen vragen. Kies een collega uit de lijst.")
			return
		}
	}
	if ok, err := h.knownTeam(r, team); err != nil {
		h.serverError(w, r, err)
		return
	} else if !ok && team != "" {
		h.badRequest(w, r, "Dit team bestaat niet. Kies een team uit de lijst.")
		return
	}
	if err := h.deps.Store.AssignConversation(r.Context(), id, team, assignee); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "assign", "conversation", strconv.FormatInt(id, 10), team+" "+strconv.FormatInt(assignee, 10))
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// knownTeam reports whether a team is one of the teams staff members belong to.
func (h *Handler) knownTeam(r *http.Request, team string) (bool, error) {
	teams, err := h.deps.Store.StaffTeams(r.Context())
	return slices.Contains(teams, team), err
}
