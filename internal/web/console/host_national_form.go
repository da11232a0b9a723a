package console

import (
	"html/template"
	"net/http"
	"slices"

	"loket/internal/kb"
	"loket/internal/web/render"
)

// hostNationalEditData is what the host's editor of a national text shows around its form.
type hostNationalEditData struct {
	Form        articleForm
	FormURL     string // where the form posts
	Use         kb.NationalUse
	Preview     template.HTML
	Language    languageReport
	Channels    []choice
	Audiences   []choice
	Themes      []string
	ErrorFields []string // field names with an error, in form order, for the summary at the top
	Labels      map[string]string
	Fields      map[string]formField
}

// hostNationalFieldOrder is the order of the fields of a national text on the form; the summary of errors
// follows it. A national text has no tenant fields (owner team, review date, internal note, related).
var hostNationalFieldOrder = []string{"id", "title", "theme", "upl", "audience", "summary", "body", "keywords", "questions",
	"english_title", "english_summary", "english_body", "cost", "lead_time", "channels", "deadline_days"}

// hostNationalErrorFields lists the fields with an error in the order of the form, and any other field
// the rules named after them, so no message is left out of the summary.
func hostNationalErrorFields(errs map[string]string) []string {
	var out []string
	for _, f := range hostNationalFieldOrder {
		if errs[f] != "" {
			out = append(out, f)
		}
	}
	for f := range errs {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// nationalForm fills the form with a stored national text.
func nationalForm(n kb.NationalArticle) articleForm {
	f := formFromArticle(n.Article, n.Version)
	f.Type = kb.TypeProduct
	return f
}

// renderHostNationalEditor shows the editor of a national text (f.New: a new one) with its preview and
// language check.
func (h *Handler) renderHostNationalEditor(w http.ResponseWriter, r *http.Request, status int, f articleForm, flash string) {
	data, err := h.hostNationalData(r, f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	title := "Nieuwe landelijke tekst"
	if !f.New {
		title = "Landelijke tekst voor ‘" + f.UPL + "’"
	}
	crumbs := []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Landelijke teksten", URL: "/beheer/landelijke-teksten"}, {Label: title, URL: ""}}
	if len(data.ErrorFields) > 0 {
		title = "Fout: " + title
	}
	h.render(w, r, status, "staff_host_national_edit", render.Page{Title: title, Flash: flash, Breadcrumbs: crumbs, Data: data})
}

func (h *Handler) hostNationalData(r *http.Request, f articleForm) (hostNationalEditData, error) {
	themes, err := h.deps.Store.ArticleThemes(r.Context())
	if err != nil {
		return hostNationalEditData{}, err
	}
	preview, err := render.Markdown(f.Body)
	if err != nil {
		return hostNationalEditData{}, err
	}
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	data := hostNationalEditData{Form: f, FormURL: "/beheer/landelijke-teksten/nieuw", Preview: preview,
		Language:  languageWith(f.Body, h.plainWords(r)),
		Channels:  choices(kb.KnownChannels, f.Channels, func(v string) string { return editorChannelNames[v] }),
		Audiences: choices(kb.KnownAudiences, f.Audience, func(v string) string { return audienceNames[v] }),
		Themes:    themes, ErrorFields: hostNationalErrorFields(f.Errors), Labels: fieldLabels, Fields: f.textFields()}
	if !f.New {
		data.FormURL = hostNationalURL(f.UPL)
		list, err := h.deps.National.NationalOverview(r.Context())
		if err != nil {
			return hostNationalEditData{}, err
		}
		for _, u := range list {
			if u.National.Article.UPL == f.UPL {
				data.Use = u
			}
		}
	}
	return data, nil
}
