package public

import (
	"net/http"
	"slices"
	"strconv"

	"loket/internal/insight"
	"loket/internal/web/render"
)

type topTasksData struct {
	Tasks  []insight.Task
	Picked []string
	Error  string
	Thanks bool
	Max    int
}

// Checked reports whether the visitor had picked a task, so an error keeps the choices.
func (d topTasksData) Checked(id int64) bool {
	return slices.Contains(d.Picked, strconv.FormatInt(id, 10))
}

// showTopTasks is the public top-task survey: every task in random order, pick at most five.
func (h *Handler) showTopTasks(w http.ResponseWriter, r *http.Request) {
	h.renderTopTasks(w, r, http.StatusOK, topTasksData{Thanks: r.URL.Query().Get("bedankt") == "1"})
}

func (h *Handler) renderTopTasks(w http.ResponseWriter, r *http.Request, status int, data topTasksData) {
	tasks, err := h.deps.Store.Tasks(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	insight.Shuffle(tasks)
	data.Tasks, data.Max = tasks, insight.MaxVotes
	h.render(w, r, status, "toptaken", render.Page{Title: "Wat komt u bij ons doen?", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Toptaken", URL: ""}}})
}
