package console

import (
	"math"
	"net/http"

	"loket/internal/insight"
	"loket/internal/web/render"
)

type workListData struct {
	Period     insight.Period
	PeriodForm periodForm
	Freshness  string
	Tasks      []insight.TaskStats
}

// showWorkList orders tasks by volume × failure: where improving pays the most.
func (h *Handler) showWorkList(w http.ResponseWriter, r *http.Request) {
	p := h.readPeriod(r)
	stats, err := h.deps.Store.TaskStats(r.Context(), p.From, p.To)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := workListData{Period: p, PeriodForm: h.periodFormFor("/beheer/inzicht/werklijst", p), Freshness: h.freshness(r),
		Tasks: insight.WorkList(stats)}
	if f := exportFormat(r); f != "" {
		h.writeTable(w, r, f, taskTable(exportName("werklijst", p), "Werklijst", "Werklijst van "+periodTitle(p), data.Tasks))
		return
	}
	h.render(w, r, http.StatusOK, "staff_insight_worklist", render.Page{Title: "Werklijst", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Werklijst", URL: ""}}})
}

// taskTable is the export of task figures, shared by the work list and the task overview.
func taskTable(name, sheet, title string, tasks []insight.TaskStats) insight.Table {
	cols := []string{"taak", "bezoeken"}
	for _, ch := range insight.Channels[1:] {
		cols = append(cols, render.ChannelLabel(ch))
	}
	cols = append(cols, "nuttig", "niet nuttig", "aandeel contact", "mislukt (schatting)", "prioriteit", "stemmen")
	t := insight.Table{Name: name, Sheet: sheet, Title: title, Columns: cols}
	for _, s := range tasks {
		row := []any{s.Name, s.Visits}
		for _, ch := range insight.Channels[1:] {
			row = append(row, s.Contacts[ch])
		}
		row = append(row, s.FeedbackYes, s.FeedbackNo, insight.Share(s.ContactShare()),
			insight.Share(s.Failure()), math.Round(s.Priority()), s.Votes)
		t.Rows = append(t.Rows, row)
	}
	return t
}
