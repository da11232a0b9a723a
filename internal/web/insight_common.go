package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/insight"
)

// insightViewers may see the task catalogue and the online team's dashboards; editors also change tasks.
var insightViewers = []auth.Role{auth.RoleEditor, auth.RoleManager, auth.RoleAdmin}

// period is the date range of a dashboard, both days included, as typed in the form.
type period struct {
	From, To string // YYYY-MM-DD
	Error    string
}

// FromTime and ToTime are the period's bounds as moments in Amsterdam: the start of From and of the day
// after To.
func (p period) FromTime() time.Time { return parseDay(p.From) }

// ToTime is the start of the day after To.
func (p period) ToTime() time.Time { return parseDay(p.To).AddDate(0, 0, 1) }

func parseDay(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, calendar.Amsterdam)
	return t
}

// lastYear is a dashboard's default period: the last 365 days up to today.
func lastYear() period {
	today := time.Now().In(calendar.Amsterdam)
	return period{From: today.AddDate(0, 0, -365).Format(time.DateOnly), To: today.Format(time.DateOnly)}
}

// periodOrLastYear is the period from and to, with a missing bound taken from lastYear.
func periodOrLastYear(from, to string) period {
	p := lastYear()
	if from != "" {
		p.From = from
	}
	if to != "" {
		p.To = to
	}
	return p
}

// readPeriod reads van and tot; without them the period is the last 365 days up to today.
func readPeriod(r *http.Request) period {
	p := periodOrLastYear(r.URL.Query().Get("van"), r.URL.Query().Get("tot"))
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
		def := lastYear()
		p.From, p.To = def.From, def.To
	}
	return p
}

// apiPeriod reads from and to for the API; both are optional ISO dates.
func apiPeriod(r *http.Request) (period, string) {
	p := periodOrLastYear(r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	from, err := time.Parse(time.DateOnly, p.From)
	if err != nil {
		return p, "from must be a date as YYYY-MM-DD"
	}
	to, err := time.Parse(time.DateOnly, p.To)
	if err != nil {
		return p, "to must be a date as YYYY-MM-DD"
	}
	if to.Before(from) {
		return p, "to must not be before from"
	}
	return p, ""
}

// freshness says how old the rollups are, for the label on every dashboard.
func (s *Server) freshness(r *http.Request) string {
	at, err := s.deps.Store.RolledAt(r.Context())
	if err != nil {
		s.deps.Log.Error("read rollup time", "err", err)
		return "Onbekend wanneer de cijfers zijn bijgewerkt."
	}
	if at.IsZero() {
		return "De cijfers zijn nog niet bijgewerkt."
	}
	age := time.Since(at)
	switch {
	case age < 2*time.Minute:
		return "Cijfers bijgewerkt: net (" + formatDateTime(at) + ")."
	case age < 2*time.Hour:
		return fmt.Sprintf("Cijfers bijgewerkt: %d minuten geleden (%s).", int(age.Minutes()), formatDateTime(at))
	}
	return "Cijfers bijgewerkt op " + formatDateTime(at) + "."
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
func (s *Server) writeTable(w http.ResponseWriter, r *http.Request, format string, t insight.Table) {
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
		s.serverError(w, r, err)
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

// formatNumber writes a whole number the Dutch way: 270.000.
func formatNumber(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case float64:
		n = int64(math.Round(x))
	default:
		return fmt.Sprint(v)
	}
	s := strconv.FormatInt(max(n, -n), 10)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatPercent writes a share as a Dutch percentage with one decimal: 12,5%.
func formatPercent(share float64) string {
	return strings.Replace(strconv.FormatFloat(share*100, 'f', 1, 64), ".", ",", 1) + "%"
}

// formatDecimal writes a number with the given decimals and a decimal comma.
func formatDecimal(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

// formatEuro writes an amount in euro: € 1.234,56.
func formatEuro(v float64) string {
	cents := int64(math.Round(v * 100))
	return fmt.Sprintf("€ %s,%02d", formatNumber(cents/100), cents%100)
}

func channelLabel(ch string) string {
	if n, ok := insight.ChannelNames[ch]; ok {
		return n
	}
	return ch
}

func containsFold(s, part string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(part))
}

// plusOne turns a zero-based index into a place in a ranking.
func plusOne(i int) int { return i + 1 }
