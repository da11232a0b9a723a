package console

import (
	"errors"
	"net/http"
	"strings"

	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type synonymsData struct {
	Body      string
	Problems  []synonymProblem
	Saved     store.SynonymList
	IsDefault bool // the list shown is the bundled one: editors never saved their own
}

// synonymProblem is a line of the synonym list that cannot be used, with what to change.
type synonymProblem struct {
	Line    int
	Text    string
	Message string
}

// showSynonyms is the synonym editor: the current list in a text area.
func (h *Handler) showSynonyms(w http.ResponseWriter, r *http.Request) {
	list, err := h.deps.Store.SearchSynonyms(r.Context())
	data := synonymsData{Body: list.Body, Saved: list}
	switch {
	case errors.Is(err, store.ErrNotFound):
		data.Body, data.IsDefault = search.DefaultSynonymsText(), true
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	h.renderSynonyms(w, r, http.StatusOK, data)
}

func (h *Handler) renderSynonyms(w http.ResponseWriter, r *http.Request, status int, data synonymsData) {
	h.render(w, r, status, "staff_synonyms", render.Page{Title: "Synoniemen voor zoeken", Flash: flashFor(r), Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Synoniemen", URL: ""}}})
}

// maxSynonymLines bounds the list; the bundled list has a few hundred lines.
const maxSynonymLines = 5000

// synonymProblems checks every line of a synonym list on its own, so the editor sees all problems at once.
func synonymProblems(body string) []synonymProblem {
	var out []synonymProblem
	lines := strings.Split(body, "\n")
	var whole error
	if len(lines) <= maxSynonymLines {
		if _, whole = search.LoadSynonyms(strings.NewReader(body)); whole == nil {
			return nil // the whole list reads, including concept blocks and "<" and "licht:" lines
		}
	}
	if len(lines) > maxSynonymLines {
		return []synonymProblem{{Line: maxSynonymLines + 1, Message: "De lijst is te lang: gebruik hoogstens 5000 regels."}}
	}
	for i, raw := range lines {
		line, _, _ := strings.Cut(raw, "#")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "[") || strings.Contains(t, "<") || strings.Contains(t, ":") && !strings.Contains(t, "=>") {
			continue // concept blocks, "<" and "licht:" lines are checked by the whole list below
		}
		if msg := synonymLineProblem(line); msg != "" {
			out = append(out, synonymProblem{Line: i + 1, Text: strings.TrimSpace(raw), Message: msg})
		}
	}
	var le *search.LineError
	if len(out) == 0 && errors.As(whole, &le) && le.Line >= 1 && le.Line <= len(lines) {
		out = append(out, synonymProblem{Line: le.Line, Text: strings.TrimSpace(lines[le.Line-1]),
			Message: "Deze regel past niet in de vorm van de lijst. Gebruik de vormen uit de uitleg bovenaan; een begrip begint met [naam] en heeft regels als ‘spreektaal: woord, woord’."})
	}
	return out
}

func synonymLineProblem(line string) string {
	left, right, oneWay := strings.Cut(line, "=>")
	emptyTerm := func(side string) bool {
		for _, t := range strings.Split(side, ",") {
			if strings.TrimSpace(t) == "" {
				return true
			}
		}
		return false
	}
	switch {
	case strings.Contains(right, "=>"):
		return "Gebruik => hoogstens één keer per regel."
	case oneWay && (strings.TrimSpace(left) == "" || strings.TrimSpace(right) == ""):
		return "Zet links én rechts van => minstens één woord."
	case emptyTerm(left) || oneWay && emptyTerm(right):
		return "Er staat een lege term: haal de dubbele of losse komma weg."
	case !oneWay && len(strings.Split(left, ",")) < 2:
		return "Zet minstens twee woorden op de regel, gescheiden door komma's. Of gebruik => voor één richting."
	}
	if _, err := search.LoadSynonyms(strings.NewReader(line)); err != nil {
		return "Een van de termen heeft alleen woorden waarop niet gezocht wordt, zoals ‘de’ of ‘van’. Kies een ander woord."
	}
	return ""
}

// saveSynonyms checks the list, stores it and switches the running search index over to it.
func (h *Handler) saveSynonyms(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 512<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "De lijst is te groot (hoogstens 512 kB) of het formulier is niet goed verstuurd.")
		return
	}
	body := normalizeNewlines(r.PostForm.Get("synoniemen"))
	if problems := synonymProblems(body); len(problems) > 0 {
		h.renderSynonyms(w, r, http.StatusUnprocessableEntity, synonymsData{Body: body, Problems: problems})
		return
	}
	syn, err := loadSynonymsText(body)
	if err != nil { // every line passed on its own, so this is not the editor's doing
		h.serverError(w, r, err)
		return
	}
	if err := h.deps.Store.SaveSearchSynonyms(r.Context(), body, staffauth.Staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "update", "synonyms", "search", "")
	articles, err := h.deps.Store.ListArticles(r.Context(), store.ArticleFilter{PublishedOnly: true})
	if err == nil {
		err = h.deps.Search.ReplaceSynonyms(syn, articles)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/synoniemen?gedaan=synoniemen", http.StatusSeeOther)
}

func loadSynonymsText(body string) (*search.Synonyms, error) {
	return search.LoadSynonyms(strings.NewReader(body))
}
