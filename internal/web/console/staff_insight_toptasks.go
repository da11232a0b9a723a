package console

import (
	"math"
	"net/http"

	"loket/internal/insight"
	"loket/internal/web/render"
)

type topTaskResults struct {
	PeriodForm  periodForm
	Rows        []insight.TaskVotes
	Submissions int
	TopCount    int
	Chart       chart
}

// showTopTaskResults shows the survey as a league table and a "long neck" chart with the top tasks marked.
func (h *Handler) showTopTaskResults(w http.ResponseWriter, r *http.Request) {
	p := h.readPeriod(r)
	votes, subs, err := h.deps.Store.VotesBetween(r.Context(), p.From, p.To)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := topTaskResults{PeriodForm: h.periodFormFor("/beheer/inzicht/toptaken", p), Rows: insight.LeagueTable(votes), Submissions: subs}
	data.Chart = chart{Type: "bar", AxisName: "Stemmen"}
	top, rest := chartSeries{Label: "Toptaak"}, chartSeries{Label: "Overige taak"}
	cum := chartSeries{Label: "Opgeteld aandeel (%)", Line: true}
	for _, row := range data.Rows {
		data.Chart.Labels = append(data.Chart.Labels, row.Name)
		v := float64(row.Votes)
		if row.Top {
			data.TopCount++
			top.Data, rest.Data = append(top.Data, v), append(rest.Data, 0)
		} else {
			top.Data, rest.Data = append(top.Data, 0), append(rest.Data, v)
		}
		cum.Data = append(cum.Data, math.Round(row.Cumulative*1000)/10)
	}
	data.Chart.Series = []chartSeries{top, rest, cum}
	data.Chart.Stacked = true
	if f := exportFormat(r); f != "" {
		t := insight.Table{Name: exportName("toptaken", p), Sheet: "Toptaken", Title: "Toptaken van " + periodTitle(p),
			Columns: []string{"plaats", "taak", "stemmen", "aandeel", "opgeteld aandeel", "toptaak"}}
		for i, row := range data.Rows {
			t.Rows = append(t.Rows, []any{i + 1, row.Name, row.Votes, insight.Share(row.Share), insight.Share(row.Cumulative), yesNo(row.Top)})
		}
		h.writeTable(w, r, f, t)
		return
	}
	h.render(w, r, http.StatusOK, "staff_insight_toptasks", render.Page{Title: "Toptaken", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Toptaken", URL: ""}}})
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
