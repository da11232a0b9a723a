package console

import (
	"net/http"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/render"
)

type searchInsightData struct {
	Period     insight.Period
	PeriodForm periodForm
	Freshness  string
	Totals     map[string]int64
	Top        []store.QueryCount
	Zero       []store.QueryCount
	Contact    []store.QueryCount
}

// ZeroShare is the share of searches without results.
func (d searchInsightData) ZeroShare() float64 {
	if d.Totals["search"] == 0 {
		return 0
	}
	return float64(d.Totals["search_zero"]) / float64(d.Totals["search"])
}

// showSearchInsight lists top searches, searches without results and searches followed by a contact.
func (h *Handler) showSearchInsight(w http.ResponseWriter, r *http.Request) {
	p := h.readPeriod(r)
	ctx := r.Context()
	data := searchInsightData{Period: p, PeriodForm: h.periodFormFor("/beheer/inzicht/zoeken", p), Freshness: h.freshness(r)}
	var err error
	if data.Totals, err = h.deps.Store.SearchTotals(ctx, p.From, p.To); err == nil {
		if data.Top, err = h.deps.Store.TopSearches(ctx, p.FromTime(), p.ToTime(), 25); err == nil {
			if data.Zero, err = h.deps.Store.ZeroResultSearches(ctx, p.FromTime(), p.ToTime(), 25); err == nil {
				data.Contact, err = h.deps.Store.SearchesFollowedByContact(ctx, p.FromTime(), p.ToTime(), 25)
			}
		}
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if f := exportFormat(r); f != "" {
		t := insight.Table{Name: exportName("zoeken", p), Sheet: "Zoeken", Title: "Zoeken van " + periodTitle(p),
			Columns: []string{"lijst", "zoekvraag", "aantal", "klikken of contacten"}}
		for _, l := range []struct {
			name string
			rows []store.QueryCount
		}{{"meest gezocht", data.Top}, {"zonder resultaat", data.Zero}, {"gevolgd door contact", data.Contact}} {
			for _, q := range l.rows {
				t.Rows = append(t.Rows, []any{l.name, q.Query, q.N, q.Other})
			}
		}
		h.writeTable(w, r, f, t)
		return
	}
	h.render(w, r, http.StatusOK, "staff_insight_search", render.Page{Title: "Zoeken", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Zoeken", URL: ""}}})
}
