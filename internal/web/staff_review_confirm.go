package web

import (
	"errors"
	"net/http"
	"net/url"

	"loket/internal/kb"
)

// confirmReview is "Gecontroleerd, nog actueel": the article gets a new review date half a year ahead,
// recorded as a new version, without opening the editor.
func (h *staffHandler) confirmReview(w http.ResponseWriter, r *http.Request) {
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
	a.ReviewBy = today().AddDate(0, reviewMonths, 0).Format("2006-01-02")
	if err := h.deps.Store.SaveArticle(r.Context(), a, staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.audit(r, "review", "article", id, "checked; review by "+a.ReviewBy)
	back := "/beheer/controle?gedaan=gecontroleerd"
	if err := r.ParseForm(); err == nil {
		if team, ok := r.PostForm["team"]; ok {
			back += "&team=" + url.QueryEscape(team[0])
		}
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
