package console

import (
	"loket/internal/web/staffauth"
	"net/http"
	"net/url"
)

// confirmReview is "Gecontroleerd, nog actueel": the article gets a new review date half a year ahead,
// recorded as a new version, without opening the editor.
func (h *Handler) confirmReview(w http.ResponseWriter, r *http.Request) {
	a, ok := h.articleFromPath(w, r)
	if !ok || !h.parseForm(w, r, 16<<10) {
		return
	}
	a.ReviewBy = nextReviewDate()
	if err := h.deps.Store.SaveArticle(r.Context(), a, staffauth.Staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "review", "article", a.ID, "checked; review by "+a.ReviewBy)
	back := "/beheer/controle?gedaan=gecontroleerd"
	if team, ok := r.PostForm["team"]; ok {
		back += "&team=" + url.QueryEscape(team[0])
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
