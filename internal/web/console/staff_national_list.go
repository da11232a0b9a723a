package console

import (
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/render"
)

// nationalListData is the page of national texts this municipality can inherit.
type nationalListData struct {
	Entries  []kb.NationalEntry
	Teams    []string
	ReviewBy string
	Errors   map[string]string
	UPL      string // the product whose form had errors
	Owner    string
}

// showNationalTexts lists the host's national texts, with the article of this municipality that
// inherits each, and a form to inherit the others.
func (h *Handler) showNationalTexts(w http.ResponseWriter, r *http.Request) {
	h.renderNationalTexts(w, r, http.StatusOK, nationalListData{ReviewBy: h.nextReviewDate()}, flashFor(r))
}

func (h *Handler) renderNationalTexts(w http.ResponseWriter, r *http.Request, status int, data nationalListData, flash string) {
	entries, err := h.articles().NationalCatalogue(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	teams, err := h.deps.Store.Teams(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data.Entries, data.Teams = entries, teams
	title := "Landelijke teksten"
	if len(data.Errors) > 0 {
		title = "Fout: " + title
	}
	h.render(w, r, status, "staff_national", render.Page{Title: title, Flash: flash, Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: title, URL: ""}}})
}
