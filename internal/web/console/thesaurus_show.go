package console

import (
	"net/http"
	"strings"

	"loket/internal/search"
	"loket/internal/web/render"
)

// thesaurusTheme is one theme file of the national thesaurus as the overview lists it.
type thesaurusTheme struct {
	Name, Theme string
	Concepts    int // [begrip] blocks
	Lines       int // rules of one line
}

type thesaurusData struct {
	Themes []thesaurusTheme
	Shown  *search.ThesaurusFile // the theme being read, nil on the overview
}

// showThesaurus lists the themes of the national thesaurus and shows one when asked (?thema=afval.txt),
// so editors can review it; they extend it with their own words on the synonyms page.
func (h *Handler) showThesaurus(w http.ResponseWriter, r *http.Request) {
	var data thesaurusData
	name := r.URL.Query().Get("thema")
	for _, f := range search.ThesaurusFiles() {
		t := thesaurusTheme{Name: f.Name, Theme: f.Theme}
		for _, line := range strings.Split(f.Text, "\n") {
			line, _, _ = strings.Cut(line, "#")
			switch line = strings.TrimSpace(line); {
			case strings.HasPrefix(line, "["):
				t.Concepts++
			case line != "" && !isConceptLine(line):
				t.Lines++
			}
		}
		data.Themes = append(data.Themes, t)
		if f.Name == name {
			data.Shown = &f
		}
	}
	if name != "" && data.Shown == nil {
		h.notFound(w, r)
		return
	}
	crumbs := []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Thesaurus", URL: ""}}
	title := "Landelijke thesaurus"
	if data.Shown != nil {
		crumbs = []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Thesaurus", URL: "/beheer/thesaurus"}, {Label: data.Shown.Theme, URL: ""}}
		title = "Thesaurus: " + data.Shown.Theme
	}
	h.render(w, r, http.StatusOK, "staff_thesaurus", render.Page{Title: title, Data: data, Breadcrumbs: crumbs})
}

// isConceptLine reports whether a line is a key of a concept block ("spreektaal: ...").
func isConceptLine(line string) bool {
	key, _, ok := strings.Cut(line, ":")
	return ok && !strings.ContainsAny(key, ",=<") && key != "licht"
}
