package console

import (
	"errors"
	"net/http"
	"net/url"

	"loket/internal/kb"
	"loket/internal/web/staffauth"
)

// addNotFoundKeyword adds a query from "vaak gezocht, niet gevonden" to an article as a search word,
// through the kb service (the published text and its concept both get it); search finds it at once.
func (h *Handler) addNotFoundKeyword(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	query, id := r.PostForm.Get("zoekvraag"), r.PostForm.Get("artikel")
	_, err := h.articles().AddKeyword(r.Context(), staffauth.Staff(r).Email, id, query)
	switch {
	case errors.Is(err, kb.ErrNotFound):
		h.badRequest(w, r, "Kies een artikel uit de lijst.")
		return
	case err != nil:
		if ve, ok := errors.AsType[*kb.ValidationError](err); ok {
			h.badRequest(w, r, ve.For("keywords"))
			return
		}
		h.serverError(w, r, err)
		return
	}
	back := "/beheer/redactie/niet-gevonden?gedaan=trefwoord"
	if v := r.PostForm.Get("van"); v != "" {
		back += "&van=" + url.QueryEscape(v) + "&tot=" + url.QueryEscape(r.PostForm.Get("tot"))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
