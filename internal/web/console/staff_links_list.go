package console

import (
	"net/http"

	"loket/internal/store"
	"loket/internal/web/render"
)

type linksData struct {
	Broken  []store.LinkResult
	Summary store.LinkCheckSummary
	Titles  map[string]string
}

// showBrokenLinks lists the broken links that the background check found, per article.
func (h *Handler) showBrokenLinks(w http.ResponseWriter, r *http.Request) {
	broken, sum, err := h.deps.Store.BrokenLinks(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	titles := map[string]string{}
	for _, b := range broken {
		if _, seen := titles[b.ArticleID]; seen {
			continue
		}
		if a, err := h.deps.Store.Article(r.Context(), b.ArticleID); err == nil {
			titles[b.ArticleID] = a.Title
		} else {
			titles[b.ArticleID] = b.ArticleID
		}
	}
	h.render(w, r, http.StatusOK, "staff_links", render.Page{Title: "Kapotte links", Data: linksData{Broken: broken, Summary: sum, Titles: titles},
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Kapotte links", URL: ""}}})
}
