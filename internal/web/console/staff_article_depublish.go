package console

import (
	"context"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/staffauth"
)

// depublishArticle is "Offline halen": residents no longer see the article and search no longer finds it;
// its text and any concept stay.
func (h *Handler) depublishArticle(w http.ResponseWriter, r *http.Request) {
	h.articleAction(w, r, "offline", h.articles().Depublish)
}

// articleAction runs one service operation on the article in the path and returns to the editor with
// a confirmation; an article that breaks a rule (an old one without an owner team) opens in the editor
// with the messages.
func (h *Handler) articleAction(w http.ResponseWriter, r *http.Request, flash string,
	op func(ctx context.Context, actor, id string) (kb.Saved, error)) {
	a, ok := h.articleFromPath(w, r)
	if !ok || !h.parseForm(w, r, 16<<10) {
		return
	}
	if _, err := op(r.Context(), staffauth.Staff(r).Email, a.ID); err != nil {
		h.articleActionFailed(w, r, a, err)
		return
	}
	http.Redirect(w, r, "/beheer/artikelen/"+a.ID+"?gedaan="+flash, http.StatusSeeOther)
}
