package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/insight"
	"loket/internal/web/render"
)

// readPeriod reads van and tot; without them the period is the last 365 days up to today.
func (h *Handler) readPeriod(r *http.Request) insight.Period {
	p := insight.PeriodOrLastYear(r.URL.Query().Get("van"), r.URL.Query().Get("tot"), h.now())
	from, err1 := time.Parse(time.DateOnly, p.From)
	to, err2 := time.Parse(time.DateOnly, p.To)
	switch {
	case err1 != nil || err2 != nil:
		p.Error = "Vul de datums in als JJJJ-MM-DD, bijvoorbeeld 2026-01-31."
	case to.Before(from):
		p.Error = "De einddatum ligt voor de begindatum. Kies een einddatum na " + p.From + "."
	case to.Sub(from) > 5*366*24*time.Hour:
		p.Error = "Kies een periode van maximaal 5 jaar."
	}
	if p.Error != "" {
		def := insight.LastYear(h.now())
		p.From, p.To = def.From, def.To
	}
	return p
}

// freshness says how old the rollups are, for the label on every dashboard.
func (h *Handler) freshness(r *http.Request) string {
	at, err := h.deps.Store.RolledAt(r.Context())
	if err != nil {
		h.deps.Log.Error("read rollup time", "err", err)
		return "Onbekend wanneer de cijfers zijn bijgewerkt."
	}
	if at.IsZero() {
		return "De cijfers zijn nog niet bijgewerkt."
	}
	age := h.now().Sub(at)
	switch {
	case age < 2*time.Minute:
		return "Cijfers bijgewerkt: net (" + render.DateTime(at) + ")."
	case age < 2*time.Hour:
		return fmt.Sprintf("Cijfers bijgewerkt: %d minuten geleden (%s).", int(age.Minutes()), render.DateTime(at))
	}
	return "Cijfers bijgewerkt op " + render.DateTime(at) + "."
}

// exportFormat is the requested export, "" for the page itself.
func exportFormat(r *http.Request) string {
	switch f := r.URL.Query().Get("formaat"); f {
	case "csv", "xlsx":
		return f
	}
	return ""
}

// writeTable sends a table as a CSV or XLSX download.
func (h *Handler) writeTable(w http.ResponseWriter, r *http.Request, format string, t insight.Table) {
	var buf strings.Builder
	var err error
	name := t.Name + "." + format
	w.Header().Set("Cache-Control", "no-store")
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = t.WriteXLSX(&buf)
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		err = t.WriteCSV(&buf)
	}
	if err != nil {
		w.Header().Del("Content-Type")
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write([]byte(buf.String()))
}

// chart is the data of one Chart.js chart, put in a data attribute and drawn by js/insight.js.
type chart struct {
	Type     string        `json:"type"` // bar, line
	Labels   []string      `json:"labels"`
	Series   []chartSeries `json:"series"`
	Stacked  bool          `json:"stacked,omitempty"`
	Percent  bool          `json:"percent,omitempty"`
	AxisName string        `json:"axis,omitempty"`
	Partial  []int         `json:"partial,omitempty"` // indexes of labels that cover part of their month
}

type chartSeries struct {
	Label string    `json:"label"`
	Data  []float64 `json:"data"`
	Line  bool      `json:"line,omitempty"` // drawn as a line over bars
}

// JSON is the chart as an attribute value.
func (c chart) JSON() string {
	b, err := json.Marshal(c)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// periodForm is the period selector every dashboard shows: presets, the two dates, and the CSV and
// Excel buttons, which export the period shown.
type periodForm struct {
	Action  string
	Period  insight.Period
	Presets []periodPreset
}

// periodPreset is one quick choice of the period selector.
type periodPreset struct {
	Label, URL string
	Current    bool
}

// periodFormFor builds the selector of the dashboard at action for the period shown.
func (h *Handler) periodFormFor(action string, p insight.Period) periodForm {
	f := periodForm{Action: action, Period: p}
	for _, pr := range periodPresets(h.now()) {
		pr.Current = pr.from == p.From && pr.to == p.To
		pr.URL = action + "?van=" + pr.from + "&tot=" + pr.to
		f.Presets = append(f.Presets, pr.periodPreset)
	}
	return f
}

type datedPreset struct {
	periodPreset
	from, to string
}

// periodPresets are this month (up to today), last month, this year (up to today) and the last 12
// months (the same day a year ago up to today), as Amsterdam days.
func periodPresets(now time.Time) []datedPreset {
	t := now.In(calendar.Amsterdam)
	today := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, calendar.Amsterdam)
	first := today.AddDate(0, 0, 1-today.Day())
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	return []datedPreset{
		{periodPreset{Label: "Deze maand"}, day(first), day(today)},
		{periodPreset{Label: "Vorige maand"}, day(first.AddDate(0, -1, 0)), day(first.AddDate(0, 0, -1))},
		{periodPreset{Label: "Dit jaar"}, day(time.Date(today.Year(), 1, 1, 12, 0, 0, 0, calendar.Amsterdam)), day(today)},
		{periodPreset{Label: "Laatste 12 maanden"}, day(today.AddDate(-1, 0, 1)), day(today)},
	}
}

// periodTitle names a period in words for an export's title: "1 november 2026 tot en met 30 november 2026".
func periodTitle(p insight.Period) string {
	return render.Date(p.FromTime()) + " tot en met " + render.Date(p.ToTime().AddDate(0, 0, -1))
}

// exportName is an export's file name: the dashboard and its period, e.g. kanalen-2026-11-01-2026-11-30.
func exportName(dashboard string, p insight.Period) string {
	return dashboard + "-" + p.From + "-" + p.To
}

// markPartialMonths labels the first and last month of a monthly chart "(deels)" when the period covers
// only part of it, so a month that has not ended does not look like a collapse.
func markPartialMonths(c *chart, p insight.Period) {
	if len(c.Labels) == 0 {
		return
	}
	from, to := p.FromTime(), p.ToTime() // to is the day after the last day
	if from.Day() != 1 && c.Labels[0] == from.Format("2006-01") {
		c.Labels[0] += " (deels)"
		c.Partial = append(c.Partial, 0)
	}
	last := len(c.Labels) - 1
	if to.Day() != 1 && c.Labels[last] == to.AddDate(0, 0, -1).Format("2006-01") && (last > 0 || len(c.Partial) == 0) {
		c.Labels[last] += " (deels)"
		c.Partial = append(c.Partial, last)
	}
}
