package console

import (
	"fmt"
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"

	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type taskListData struct {
	Team      string
	State     string
	Who       string
	Teams     []selectOption
	States    []selectOption
	Assignees []selectOption
	Rows      []taskRow
	Counts    contact.TaskCounts
	Error     string
	Prev      string // links to the neighbouring pages; "" when there is none
	Next      string
}

// taskPage is how many tasks the task list shows at a time.
const taskPage = 100

type taskRow struct {
	store.TeamTask
	StateLabel string
	Overdue    bool
	Next       []selectOption // the states it can move to
	PhoneLabel string         // the number to call, written the Dutch way
}

var taskStateLabels = map[string]string{store.TaskOpen: "Open", store.TaskInProgress: "Bezig", store.TaskDone: "Klaar"}

// showTeamTasks is a team's task list (interne taken: callback requests and other work) with due times.
func (h *Handler) showTeamTasks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := taskListData{Team: q.Get("team"), State: q.Get("status"), Who: q.Get("medewerker"), Error: q.Get("fout")}
	if _, ok := q["team"]; !ok {
		if u, err := h.deps.Store.StaffUser(r.Context(), staffauth.Staff(r).ID); err == nil {
			data.Team = u.Team // your own team first
		}
	}
	page := pageNumber(q, "pagina", 100000)
	f := store.TaskFilter{Team: data.Team, State: data.State, Limit: taskPage + 1, Offset: (page - 1) * taskPage}
	if data.Who == "ik" {
		f.AssigneeID = staffauth.Staff(r).ID
	} else {
		f.AssigneeID, _ = strconv.ParseInt(data.Who, 10, 64)
	}
	list, counts, err := h.deps.ContactService.Tasks(r.Context(), f)
	if problem.KindOf(err) == problem.Invalid {
		f.State, data.State = "", ""
		list, counts, err = h.deps.ContactService.Tasks(r.Context(), f)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	link := func(p int) string { return pageURL("/beheer/taken", q, "pagina", strconv.Itoa(p)) }
	if len(list) > taskPage {
		list, data.Next = list[:taskPage], link(page+1)
	}
	if page > 1 {
		data.Prev = link(page - 1)
	}
	// Tasks carry residents' names and phone numbers: showing the list is a view of personal data.
	h.auth.Audit(r, "list", "task", "", fmt.Sprintf("team %q, state %q, %d tasks", data.Team, data.State, len(list)))
	data.Counts = counts
	now := h.now()
	for _, t := range list {
		row := taskRow{TeamTask: t, StateLabel: taskStateLabels[t.State],
			Overdue: t.State != store.TaskDone && !t.Due.IsZero() && now.After(t.Due)}
		if t.Phone != "" {
			row.PhoneLabel = contact.DisplayPhone(t.Phone)
		}
		for _, st := range store.TaskStates {
			if st != t.State {
				row.Next = append(row.Next, selectOption{Value: st, Label: taskStateLabels[st]})
			}
		}
		data.Rows = append(data.Rows, row)
	}
	data.States = selectOptions(store.TaskStates, taskStateLabels, data.State)
	for i := range data.States {
		data.States[i].Label += " (" + strconv.Itoa(counts.State[data.States[i].Value]) + ")"
	}
	if err := h.assignChoices(r, &data.Teams, &data.Assignees, data.Team, data.Who); err != nil {
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
