package console

import (
	"net/http"
	"strings"

	"loket/internal/contact"
	"loket/internal/web/render"
)

type templateListData struct {
	Templates    []contact.Template
	Teams        []selectOption
	Form         contact.Template
	Errors       map[string]string
	Placeholders string
	Saved        bool
}

// showTemplates is GET /beheer/sjablonen: every team's reply templates and a form for a new one.
func (h *Handler) showTemplates(w http.ResponseWriter, r *http.Request) {
	h.renderTemplates(w, r, http.StatusOK, contact.Template{}, nil)
}

func (h *Handler) renderTemplates(w http.ResponseWriter, r *http.Request, status int, form contact.Template, errs map[string]string) {
	list, err := h.deps.ContactService.Templates(r.Context(), "")
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := templateListData{Templates: list, Form: form, Errors: errs, Placeholders: strings.Join(contact.Placeholders, ", "),
		Saved: r.URL.Query().Get("opgeslagen") == "1"}
	var people []selectOption
	if err := h.assignChoices(r, &data.Teams, &people, form.Team, ""); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, status, "staff_templates", render.Page{Title: "Sjablonen voor antwoorden", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Sjablonen", URL: ""}}})
}
