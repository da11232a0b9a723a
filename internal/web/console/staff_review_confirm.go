package console

import (
	"net/http"
	"net/url"

	"loket/internal/web/staffauth"
)

// confirmReview is "Gecontroleerd, nog actueel": through the kb service the article gets a new review
// date half a year ahead, recorded as a new version, without opening the editor; a concept beside it
// keeps its place.
func (h *Handler) confirmReview(w http.ResponseWriter, r *http.Request) {
	a, ok := h.articleFromPath(w, r)
	if !ok || !h.parseForm(w, r, 16<<10) {
		return
	}
	if _, err := h.articles().ConfirmReview(r.Context(), staffauth.Staff(r).Email, a.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	back := "/beheer/controle?gedaan=gecontroleerd"
	if team, ok := r.PostForm["team"]; ok {
		back += "&team=" + url.QueryEscape(team[0])
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
