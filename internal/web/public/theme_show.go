package public

import (
	"net/http"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/render"
)

type themeData struct {
	Name      string
	Products  []kb.Article
	Questions []kb.Article
}

func (h *Handler) showTheme(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	themes, err := h.deps.Store.Themes(ctx)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	for _, t := range themes {
		if kb.ThemeSlug(t.Name) != slug {
			continue
		}
		list, err := h.deps.Store.ListArticles(ctx, store.ArticleFilter{Theme: t.Name, PublishedOnly: true})
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		data := themeData{Name: t.Name}
		for _, a := range list {
			if a.Type == kb.TypeVAC {
				data.Questions = append(data.Questions, a)
			} else {
				data.Products = append(data.Products, a)
			}
		}
		h.render(w, r, http.StatusOK, "theme", render.Page{Title: t.Name, Data: data,
			Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: t.Name, URL: ""}}})
		return
	}
	h.notFound(w, r)
}
