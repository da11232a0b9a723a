package console

import (
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/staffauth"
)

// inheritNationalText makes an article of this municipality that inherits a national text; the team
// and review date are the municipality's own.
func (h *Handler) inheritNationalText(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	upl := r.PostFormValue("upl")
	local := kb.Article{Owner: r.PostFormValue("owner"), ReviewBy: r.PostFormValue("review_by")}
	saved, err := h.articles().Inherit(r.Context(), staffauth.Staff(r).Email, upl, local)
	if ve, ok := errors.AsType[*kb.ValidationError](err); ok {
		h.renderNationalTexts(w, r, http.StatusUnprocessableEntity, nationalListData{UPL: upl, Owner: local.Owner,
			ReviewBy: local.ReviewBy, Errors: ve.Map()}, "")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/artikelen/"+saved.ID+"?gedaan=overgenomen", http.StatusSeeOther)
}
