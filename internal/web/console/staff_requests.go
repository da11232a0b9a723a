package console

import (
	"net/http"

	"loket/internal/request"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// queueData is the case handlers' queue: overdue, urgent and the rest, each by derived deadline.
type queueData struct {
	Team     string // the team shown; empty means every team
	MyTeam   string
	Teams    []string
	Overdue  []queueRow
	Urgent   []queueRow
	Open     []queueRow
	WarnDays int
}

// queueRow is a request with its term as of today.
type queueRow struct {
	request.Case
	StatusName string
}

func (h *Handler) showRequestQueue(w http.ResponseWriter, r *http.Request) {
	me, err := h.deps.Store.StaffUser(r.Context(), staffauth.Staff(r).ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := queueData{MyTeam: me.Team, Team: r.URL.Query().Get("team"), WarnDays: request.WarnWorkingDays}
	if _, set := r.URL.Query()["team"]; !set {
		data.Team = me.Team
	}
	if data.Teams, err = h.deps.Store.RequestTeams(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	cases, err := h.deps.Requests.Queue(r.Context(), request.QueueFilter{Team: data.Team})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, c := range cases {
		row := queueRow{Case: c, StatusName: request.StatusNames[c.Status]}
		switch {
		case c.Term.Overdue:
			data.Overdue = append(data.Overdue, row)
		case c.Term.Urgent:
			data.Urgent = append(data.Urgent, row)
		default:
			data.Open = append(data.Open, row)
		}
	}
	h.auth.Audit(r, "list", "request", "", "team "+data.Team)
	h.render(w, r, http.StatusOK, "staff_requests", render.Page{Title: "Aanvragen", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Aanvragen", URL: ""}}})
}
