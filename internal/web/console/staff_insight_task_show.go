package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type taskData struct {
	Task       insight.Task
	Period     insight.Period
	PeriodForm periodForm
	Freshness  string
	Stats      insight.TaskStats
	Channels   []taskChannelCount
	Trend      chart
	Tests      []taskTestRow
	Form       taskForm
	TestForm   taskTestForm
	CanEdit    bool
	months     []store.MonthCount
}

// taskExport is a task page as a table: the period's totals per channel, then every month per channel.
func taskExport(d taskData) insight.Table {
	t := insight.Table{Name: exportName("taak-"+strconv.FormatInt(d.Task.ID, 10), d.Period), Sheet: d.Task.Name,
		Title: d.Task.Name + " van " + periodTitle(d.Period), Columns: []string{"maand", "kanaal", "aantal"}}
	for _, c := range d.Channels {
		t.Rows = append(t.Rows, []any{"hele periode", c.Name, c.N})
	}
	for _, m := range d.months {
		t.Rows = append(t.Rows, []any{insight.DayCell(m.Month + "-01"), render.ChannelLabel(m.Series), m.N})
	}
	return t
}

type taskChannelCount struct {
	Name string
	N    int64
}

type taskTestRow struct {
	insight.TaskTest
	Score float64
}

// taskTestForm holds a task test as typed.
type taskTestForm struct {
	TestedOn, Participants, Successes, MedianSecs, Note string
	Error, ErrorField                                   string
}

// taskID reads the {id} path value; a value that is not a number names no task.
func taskID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (h *Handler) showTask(w http.ResponseWriter, r *http.Request) {
	h.renderTask(w, r, http.StatusOK, nil, nil)
}

// renderTask shows a task's performance with its forms; a form given is shown as typed, with its error.
func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, status int, form *taskForm, testForm *taskTestForm) {
	id, ok := taskID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	t, err := h.deps.Store.Task(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p := h.readPeriod(r)
	data := taskData{Task: t, Period: p, PeriodForm: h.periodFormFor("/beheer/inzicht/taken/"+strconv.FormatInt(t.ID, 10), p), Freshness: h.freshness(r), CanEdit: staffauth.Staff(r).Can(staffauth.Editors...),
		Form: taskForm{ID: t.ID, Name: t.Name, Description: t.Description, Target: strconv.Itoa(t.TargetSeconds),
			Articles: strings.Join(t.Articles, "\n"), Topics: strings.Join(t.Topics, "\n")}}
	if form != nil {
		data.Form = *form
	}
	if testForm != nil {
		data.TestForm = *testForm
	}
	if err := h.loadTaskPerformance(r, &data); err != nil {
		h.serverError(w, r, err)
		return
	}
	if f := exportFormat(r); f != "" && status == http.StatusOK {
		h.writeTable(w, r, f, taskExport(data))
		return
	}
	h.render(w, r, status, "staff_insight_task", render.Page{Title: t.Name, Data: data, Flash: flashFrom(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Taken", URL: "/beheer/inzicht/taken"}, {Label: t.Name, URL: ""}}})
}

func (h *Handler) loadTaskPerformance(r *http.Request, data *taskData) error {
	ctx, p := r.Context(), data.Period
	all, err := h.deps.Store.TaskStats(ctx, p.From, p.To)
	if err != nil {
		return err
	}
	for _, s := range all {
		if s.TaskID == data.Task.ID {
			data.Stats = s
		}
	}
	data.Channels = append(data.Channels, taskChannelCount{"Website (bezoeken)", data.Stats.Visits})
	for _, ch := range insight.Channels[1:] {
		data.Channels = append(data.Channels, taskChannelCount{render.ChannelLabel(ch), data.Stats.Contacts[ch]})
	}
	months, err := h.deps.Store.TaskMonths(ctx, data.Task.ID, p.From, p.To)
	if err != nil {
		return err
	}
	data.Trend = monthChart(months, insight.Channels, render.ChannelLabel, false)
	markPartialMonths(&data.Trend, p)
	data.months = months
	data.Trend.AxisName = "Bezoeken en contacten per maand"
	tests, err := h.deps.Store.TaskTests(ctx, data.Task.ID)
	if err != nil {
		return err
	}
	for _, t := range tests {
		data.Tests = append(data.Tests, taskTestRow{TaskTest: t, Score: insight.PerformanceScore(t, data.Task.TargetSeconds)})
	}
	return nil
}
