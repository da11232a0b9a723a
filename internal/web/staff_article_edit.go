package web

import (
	"errors"
	"net/http"

	"loket/internal/kb"
)

// showArticleEditor is the editor for an existing article.
func (h *staffHandler) showArticleEditor(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := h.deps.Store.Article(r.Context(), id)
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	version, err := h.deps.Store.CurrentVersion(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.renderEditor(w, r, http.StatusOK, formFromArticle(a, version), flashFor(r))
}

// showNewArticle is the editor for a new article, with a review date half a year ahead.
func (h *staffHandler) showNewArticle(w http.ResponseWriter, r *http.Request) {
	f := articleForm{New: true, Type: kb.TypeVAC, ReviewBy: today().AddDate(0, 6, 0).Format("2006-01-02"),
		Audience: []string{"inwoner"}, State: kb.StateDraft}
	h.renderEditor(w, r, http.StatusOK, f, "")
}

func (h *staffHandler) renderEditor(w http.ResponseWriter, r *http.Request, status int, f articleForm, flash string) {
	data, err := h.editorData(r, f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	title, crumbs := "Nieuw artikel", []crumb{{"Beheer", "/beheer"}, {"Artikelen", "/beheer/artikelen"}, {"Nieuw artikel", ""}}
	if !f.New {
		title = "Bewerken: " + f.Title
		crumbs = []crumb{{"Beheer", "/beheer"}, {"Artikelen", "/beheer/artikelen"}, {f.Title, ""}}
	}
	if len(data.ErrorFields) > 0 {
		title = "Fout: " + title
	}
	h.render(w, r, status, "staff_article_edit", page{Title: title, Flash: flash, Breadcrumbs: crumbs, Data: data})
}
