package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"loket/internal/insight"
	"loket/internal/web/render"
	"loket/internal/web/shared"
)

// readPeriod reads van and tot; without them the period is the last 365 days up to today.
func readPeriod(r *http.Request) shared.Period {
	p := shared.PeriodOrLastYear(r.URL.Query().Get("van"), r.URL.Query().Get("tot"))
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
		def := shared.LastYear()
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
	age := time.Since(at)
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
