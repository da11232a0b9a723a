package console

import (
	"net/http"
	"time"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// queueData is the case handlers' queue: overdue, urgent and the rest, each by deadline.
type queueData struct {
	Team     string // the team shown; empty means every team
	MyTeam   string
	Teams    []string
	Overdue  []queueRow
	Urgent   []queueRow
	Open     []queueRow
	WarnDays int
}

// queueRow is a request with the time left to decide.
type queueRow struct {
	request.Request
	DaysLeft   int
	Warn       bool
	Overdue    bool
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
	list, err := h.deps.Store.RequestQueue(r.Context(), store.QueueFilter{Team: data.Team})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	today := time.Now()
	for _, req := range list {
		row := queueRow{Request: req, DaysLeft: req.WorkingDaysLeft(today), Warn: req.Warn(today), Overdue: req.Overdue(today),
			StatusName: request.StatusNames[req.Status]}
		switch {
		case row.Overdue:
			data.Overdue = append(data.Overdue, row)
		case req.Urgent:
			data.Urgent = append(data.Urgent, row)
		default:
			data.Open = append(data.Open, row)
		}
	}
	h.auth.Audit(r, "view", "request", "queue", "team "+data.Team)
	h.render(w, r, http.StatusOK, "staff_requests", render.Page{Title: "Aanvragen", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Aanvragen", URL: ""}}})
}
