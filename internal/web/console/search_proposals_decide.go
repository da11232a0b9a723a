package console

import (
	"errors"
	"net/http"

	"loket/internal/search"
	"loket/internal/web/staffauth"
)

// decideSearchProposal accepts or rejects one proposal with one click. An accepted variant is saved in the
// article (a new version, indexed on every instance); an accepted rule is added to the own words.
func (h *Handler) decideSearchProposal(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 8<<10) {
		return
	}
	f := r.PostForm
	key := search.ProposalKey{Kind: f.Get("soort"), ArticleID: f.Get("artikel"), From: f.Get("van"), To: f.Get("naar")}
	accept := f.Get("besluit") == "overnemen"
	if !accept && f.Get("besluit") != "afwijzen" {
		h.badRequest(w, r, "Kies overnemen of afwijzen.")
		return
	}
	err := h.learner().Decide(r.Context(), key, accept, staffauth.Staff(r).Email)
	switch {
	case errors.Is(err, search.ErrUnknownProposal):
		h.badRequest(w, r, "Dit voorstel staat niet (meer) open. Misschien heeft een collega het al behandeld.")
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	if accept && key.Kind == search.ProposalSynonym {
		if err := h.reloadLocalWords(r.Context()); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	h.auth.Audit(r, "update", "search proposal", key.Kind, key.ArticleID)
	done := "afgewezen"
	if accept {
		done = "overgenomen"
	}
	http.Redirect(w, r, "/beheer/zoeken/voorstellen?gedaan="+done, http.StatusSeeOther)
}
