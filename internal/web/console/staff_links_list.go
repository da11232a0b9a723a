package console

import (
	"fmt"
	"net/http"
	"strconv"

	"loket/internal/store"
	"loket/internal/web/render"
)

type linksData struct {
	Broken  []store.LinkResult
	Summary store.LinkCheckSummary
	Run     store.LinkRun
	Titles  map[string]string
	Article string // the article just checked on its own, with its result
	Checked string
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
	run, err := h.deps.Store.LastLinkRun(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := linksData{Broken: broken, Summary: sum, Run: run, Titles: titles}
	if id := r.URL.Query().Get("artikel"); id != "" {
		if a, err := h.deps.Store.Article(r.Context(), id); err == nil {
			data.Article = a.Title
			links, _ := strconv.Atoi(r.URL.Query().Get("links"))
			kapot, _ := strconv.Atoi(r.URL.Query().Get("kapot"))
			data.Checked = fmt.Sprintf("De %d links in ‘%s’ zijn net gecontroleerd: %d werken niet.", links, a.Title, kapot)
			if links == 0 {
				data.Checked = "‘" + a.Title + "’ heeft geen links. Er is niets te controleren."
			}
		}
	}
	h.render(w, r, http.StatusOK, "staff_links", render.Page{Title: "Kapotte links", Data: data, Flash: flashFor(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Kapotte links", URL: ""}}})
}
