package console

import (
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/render"
)

// showArticleEditor is the editor for an existing article.
func (h *Handler) showArticleEditor(w http.ResponseWriter, r *http.Request) {
	a, ok := h.articleFromPath(w, r)
	if !ok {
		return
	}
	version, err := h.deps.Store.CurrentVersion(r.Context(), a.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	// A draft saved beside the published article is where the editor left off.
	draft, pending, err := h.deps.Store.PendingDraft(r.Context(), a.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	f := formFromArticle(a, version)
	if pending {
		f = formFromArticle(draft.Article, version)
		f.State = a.EditorialState()
	}
	h.renderEditor(w, r, http.StatusOK, f, flashFor(r))
}

// editorStatus reads which version of an article residents see and which one is a concept.
func (h *Handler) editorStatus(r *http.Request, id string) (editorStatus, error) {
	a, err := h.deps.Store.Article(r.Context(), id)
	if err != nil {
		return editorStatus{}, err
	}
	row, err := h.deps.Store.LiveVersion(r.Context(), id)
	if err != nil {
		return editorStatus{}, err
	}
	draft, pending, err := h.deps.Store.PendingDraft(r.Context(), id)
	if err != nil {
		return editorStatus{}, err
	}
	st := editorStatus{Row: row, Offline: !a.Published()}
	if a.Published() {
		st.Live = row
	}
	if pending {
		st.Concept = draft.Version
	} else if !a.Published() {
		st.Concept = row // an offline article's own text is its concept
	}
	return st, nil
}

// showNewArticle is the editor for a new article, with a review date half a year ahead.
func (h *Handler) showNewArticle(w http.ResponseWriter, r *http.Request) {
	f := articleForm{New: true, Type: kb.TypeVAC, ReviewBy: h.nextReviewDate(),
		Audience: []string{"inwoner"}, State: kb.StateDraft}
	h.renderEditor(w, r, http.StatusOK, f, "")
}

// articleFromPath loads the article named by {id}; on false the 404 or 500 has been written.
func (h *Handler) articleFromPath(w http.ResponseWriter, r *http.Request) (kb.Article, bool) {
	a, err := h.deps.Store.Article(r.Context(), r.PathValue("id"))
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return a, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return a, false
	}
	return a, true
}

func (h *Handler) renderEditor(w http.ResponseWriter, r *http.Request, status int, f articleForm, flash string) {
	data, err := h.editorData(r, f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	title, crumbs := "Nieuw artikel", []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: "Nieuw artikel", URL: ""}}
	if !f.New {
		title = "Bewerken: " + f.Title
		crumbs = []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: "/beheer/artikelen"}, {Label: f.Title, URL: ""}}
	}
	if len(data.ErrorFields) > 0 {
		title = "Fout: " + title
	}
	h.render(w, r, status, "staff_article_edit", render.Page{Title: title, Flash: flash, Breadcrumbs: crumbs, Data: data})
}
