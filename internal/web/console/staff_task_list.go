package console

import (
	"fmt"
	"net/http"
	"time"

	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type taskListData struct {
	Team   string
	State  string
	Teams  []selectOption
	States []selectOption
	Rows   []taskRow
}

type taskRow struct {
	store.TeamTask
	StateLabel string
	Overdue    bool
	Next       []selectOption // the states it can move to
}

var taskStateLabels = map[string]string{store.TaskOpen: "Open", store.TaskInProgress: "Bezig", store.TaskDone: "Klaar"}

// showTeamTasks is a team's task list (interne taken: callback requests and other work) with due times.
func (h *Handler) showTeamTasks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := taskListData{Team: q.Get("team"), State: q.Get("status")}
	if _, ok := q["team"]; !ok {
		if u, err := h.deps.Store.StaffUser(r.Context(), staffauth.Staff(r).ID); err == nil {
			data.Team = u.Team // your own team first
		}
	}
	list, err := h.deps.Store.TeamTasks(r.Context(), store.TaskFilter{Team: data.Team, State: data.State})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	// Tasks carry residents' names and phone numbers: showing the list is a view of personal data.
	h.auth.Audit(r, "list", "task", "", fmt.Sprintf("team %q, state %q, %d tasks", data.Team, data.State, len(list)))
	now := time.Now()
	for _, t := range list {
		row := taskRow{TeamTask: t, StateLabel: taskStateLabels[t.State],
			Overdue: t.State != store.TaskDone && !t.Due.IsZero() && now.After(t.Due)}
		for _, st := range store.TaskStates {
			if st != t.State {
				row.Next = append(row.Next, selectOption{Value: st, Label: taskStateLabels[st]})
			}
		}
		data.Rows = append(data.Rows, row)
	}
	data.States = selectOptions(store.TaskStates, taskStateLabels, data.State)
	var people []selectOption
	if err := h.assignChoices(r, &data.Teams, &people, data.Team, ""); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "staff_tasks", render.Page{Title: "Taken", Data: data, Flash: taskFlash(q.Get("bijgewerkt")),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Taken", URL: ""}}})
}

func taskFlash(v string) string {
	if v == "" {
		return ""
	}
	return "De taak is bijgewerkt."
}
