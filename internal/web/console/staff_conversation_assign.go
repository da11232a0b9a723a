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
	team := r.PostForm.Get("team")
	var assignee int64
	// "Zelf oppakken" is its own button (zelf=1): the colleague select is sent along with it and must
	// not win, as it did when both were called medewerker.
	if r.PostForm.Get("zelf") == "1" || r.PostForm.Get("medewerker") == "ik" {
		assignee = staffauth.Staff(r).ID
	} else {
		var ok bool
		if assignee, ok = h.chosenColleague(w, r, r.PostForm.Get("medewerker")); !ok {
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
	if err := h.deps.ContactService.Assign(r.Context(), id, team, assignee); err != nil {
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
