package console

import (
	"net/http"
	"strings"

	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/web/render"
)

type gapsData struct {
	Period     insight.Period
	PeriodForm periodForm
	Questions  int
	Gaps       []insight.Gap
}

// showGaps groups unanswered questions by their words and links each group to the nearest task.
func (h *Handler) showGaps(w http.ResponseWriter, r *http.Request) {
	p := h.readPeriod(r)
	ctx := r.Context()
	questions, err := h.deps.Store.Questions(ctx, p.From, p.To)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	words, err := h.taskWords(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := gapsData{Period: p, PeriodForm: h.periodFormFor("/beheer/inzicht/hiaten", p), Questions: len(questions),
		Gaps: insight.GroupGaps(questions, words)}
	if f := exportFormat(r); f != "" {
		t := insight.Table{Name: exportName("ontbrekende-antwoorden", p), Sheet: "Ontbrekende antwoorden",
			Title: "Ontbrekende antwoorden van " + periodTitle(p), Columns: []string{"onderwerp", "vragen", "woorden", "taak van het onderwerp"}}
		for _, g := range data.Gaps {
			t.Rows = append(t.Rows, []any{g.Key, g.Count, strings.Join(g.Words, " "), g.TaskName})
		}
		h.writeTable(w, r, f, t)
		return
	}
	h.render(w, r, http.StatusOK, "staff_insight_gaps", render.Page{Title: "Ontbrekende antwoorden", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Ontbrekende antwoorden", URL: ""}}})
}

// taskWords describes every task by the words of its name, topics and the titles of its articles.
func (h *Handler) taskWords(r *http.Request) ([]insight.TaskWords, error) {
	tasks, err := h.deps.Store.Tasks(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]insight.TaskWords, 0, len(tasks))
	for _, t := range tasks {
		text := t.Name + " " + strings.Join(t.Topics, " ")
		for _, id := range t.Articles {
			if a, err := h.deps.Store.Article(r.Context(), id); err == nil {
				text += " " + a.Title
			} else if err != kb.ErrNotFound {
				return nil, err
			}
		}
		out = append(out, insight.TaskWords{ID: t.ID, Name: t.Name, Words: insight.Words(text)})
	}
	return out, nil
}
