package public

import (
	"net/http"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/render"
)

type homeData struct {
	TopTasks []kb.Article
	Themes   []store.Theme
}

func (h *Handler) showHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	themes, err := h.deps.Store.Themes(ctx)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var tasks []kb.Article
	for _, id := range h.settings().TopTasks { // the administrator picks them, in order
		a, err := h.deps.Store.Article(ctx, id)
		if err == nil && a.Published() {
			tasks = append(tasks, a)
		}
	}
	h.render(w, r, http.StatusOK, "home", render.Page{Title: h.pages.Municipality(), Data: homeData{TopTasks: tasks, Themes: themes}})
}
