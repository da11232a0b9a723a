package console

import (
	"net/http"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/render"
)

// notFoundRow is one query of the work list, with what search finds for it now.
type notFoundRow struct {
	store.QueryCount
	NowFinds   string // the title of the article search finds now, "" when still nothing
	NowFindsID string
}

type notFoundData struct {
	PeriodForm periodForm
	Rows       []notFoundRow
	Articles   []store.ArticleSummary // for the article picker
	Done       string
}

// showNotFound is the editors' work list "Vaak gezocht, niet gevonden": what residents searched most
// often without opening a result, straight from the search log, with one click to add the words as a
// synonym or as a search word of an article.
func (h *Handler) showNotFound(w http.ResponseWriter, r *http.Request) {
	p := h.readPeriod(r)
	rows, err := h.deps.Store.NotFoundSearches(r.Context(), p.FromTime(), p.ToTime(), 30)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	articles, err := h.deps.Store.EditorArticles(r.Context(), store.EditorFilter{State: "published"})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := notFoundData{PeriodForm: h.periodFormFor("/beheer/redactie/niet-gevonden", p), Articles: articles}
	for _, q := range rows {
		row := notFoundRow{QueryCount: q}
		if res, err := h.deps.Search.Search(q.Query, 1); err == nil && len(res.Hits) > 0 {
			row.NowFinds, row.NowFindsID = res.Hits[0].Title, res.Hits[0].ID
		}
		data.Rows = append(data.Rows, row)
	}
	if f := exportFormat(r); f != "" {
		h.writeTable(w, r, f, notFoundTable(p, data.Rows))
		return
	}
	h.render(w, r, http.StatusOK, "staff_notfound", render.Page{Title: "Vaak gezocht, niet gevonden", Data: data, Flash: flashFor(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: "Vaak gezocht, niet gevonden", URL: ""}}})
}

func notFoundTable(p insight.Period, rows []notFoundRow) insight.Table {
	t := insight.Table{Name: exportName("niet-gevonden", p), Sheet: "Vaak gezocht, niet gevonden",
		Title: "Vaak gezocht, niet gevonden van " + periodTitle(p), Columns: []string{"zoekvraag", "keer gezocht zonder klik", "waarvan zonder resultaat", "vindt nu"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{r.Query, r.N, r.Other, r.NowFinds})
	}
	return t
}
