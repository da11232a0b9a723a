package api

import (
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/respond"
)

// apiArticle is an article in the import format plus its public page.
type apiArticle struct {
	kb.Article
	Internal string `json:"internal,omitempty"` // shadows the embedded field: staff-only, never public
	URL      string `json:"url"`
}

func (h *Handler) publicArticle(a kb.Article) apiArticle {
	a = a.Normalized()
	return apiArticle{Article: a, URL: h.deps.BaseURL + kb.Path(a)}
}

func (h *Handler) showArticle(w http.ResponseWriter, r *http.Request) {
	if h.showArticleAsStaff(w, r) {
		return
	}
	a, err := h.deps.Store.Article(r.Context(), r.PathValue("id"))
	if errors.Is(err, kb.ErrNotFound) || (err == nil && !a.Published()) {
		respond.Fail(w, http.StatusNotFound, "article not found")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusOK, h.publicArticle(a))
}

func (h *Handler) listArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.ArticleFilter{Theme: q.Get("theme"), Type: q.Get("type"), PublishedOnly: true}
	if f.Type != "" && f.Type != kb.TypeProduct && f.Type != kb.TypeVAC {
		respond.Fail(w, http.StatusBadRequest, `type must be "product" or "vac"`)
		return
	}
	if len(f.Theme) > 100 {
		respond.Fail(w, http.StatusBadRequest, "theme is too long")
		return
	}
	list, err := h.deps.Store.ListArticles(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := make([]apiArticle, 0, len(list))
	for _, a := range list {
		out = append(out, h.publicArticle(a))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"articles": out})
}
