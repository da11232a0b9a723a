package console

import (
	"net/http"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/web/render"
)

type reviewTeamsData struct {
	Teams          []store.TeamReview
	Overdue, Total int
}

// showReviewTeams is the managers' view: per owner team how many articles are overdue or due soon.
func (h *Handler) showReviewTeams(w http.ResponseWriter, r *http.Request) {
	t := h.today()
	teams, err := h.deps.Store.ReviewCounts(r.Context(), t.Format("2006-01-02"), t.AddDate(0, 0, 30).Format("2006-01-02"))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := reviewTeamsData{Teams: teams}
	for _, tr := range teams {
		data.Overdue += tr.Overdue
		data.Total += tr.Total
	}
	h.render(w, r, http.StatusOK, "staff_review_teams", render.Page{Title: "Actualiteit per team", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Actualiteit per team", URL: ""}}})
}

// reviewers may see the overdue counts per team: managers, and the editors who do the work.
var reviewers = []auth.Role{auth.RoleEditor, auth.RoleManager, auth.RoleAdmin}
