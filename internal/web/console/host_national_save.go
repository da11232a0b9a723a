package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/kb"
	"loket/internal/web/staffauth"
)

// createHostNational saves the national text of a product that has none yet.
func (h *Handler) createHostNational(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) {
		return
	}
	f, ok := h.readArticleForm(w, r)
	if !ok {
		return
	}
	f.New, f.Version = true, 0
	h.saveHostNational(w, r, f)
}

// updateHostNational saves a change to the national text of the product {upl}; its product and its
// address (id) stay as they are.
func (h *Handler) updateHostNational(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) {
		return
	}
	f, ok := h.readArticleForm(w, r)
	if !ok {
		return
	}
	n, ok := h.hostNationalFromPath(w, r)
	if !ok {
		return
	}
	f.UPL, f.ID = n.Article.UPL, n.Article.ID
	h.saveHostNational(w, r, f)
}

// saveHostNational saves the form through the host's national service, which checks it with the rules
// of the tenant editor and brings every municipality that inherits it up to date. Every wrong field is
// shown at once, with what the administrator typed.
func (h *Handler) saveHostNational(w http.ResponseWriter, r *http.Request, f articleForm) {
	f.Type = kb.TypeProduct
	action := r.PostForm.Get("actie")
	if action == actionPreview {
		h.renderHostNationalEditor(w, r, http.StatusOK, f, "Dit is een voorbeeld. De landelijke tekst is nog niet opgeslagen.")
		return
	}
	if action != "opslaan" {
		h.badRequest(w, r, "Kies opslaan of voorbeeld.")
		return
	}
	a, errs := f.article()
	var res kb.NationalEdit
	var err error
	if len(errs) > 0 {
		// The number could not be read: save nothing, and show the other fields' messages beside it.
		err = h.deps.National.CheckNational(a)
	} else {
		res, err = h.deps.National.EditNational(r.Context(), staffauth.Staff(r).Email, a, f.Version)
	}
	if conflict, ok := errors.AsType[*kb.ConflictError](err); ok {
		f.Conflict = "Iemand anders heeft deze landelijke tekst opgeslagen terwijl u hem bewerkte (nu versie " +
			strconv.Itoa(conflict.Current) + "). Uw tekst staat hieronder nog. Vergelijk hem met de lijst en sla daarna opnieuw op."
		f.Version = conflict.Current
		h.renderHostNationalEditor(w, r, http.StatusConflict, f, "")
		return
	}
	if ve, ok := errors.AsType[*kb.ValidationError](err); ok || len(errs) > 0 {
		f.Errors = errs
		if ve != nil {
			for k, v := range ve.Map() {
				if k = formName(k); f.Errors[k] == "" {
					f.Errors[k] = v
				}
			}
		}
		h.renderHostNationalEditor(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	done := "opgeslagen"
	switch {
	case err != nil && res.Saved.Version == 0:
		h.serverError(w, r, err)
		return
	case err != nil: // saved, but not every municipality followed: they catch up at their next start
		h.deps.Log.Error("national text saved, propagation incomplete", "upl", res.Saved.Article.UPL, "err", err)
		done = "niet-overal"
	case len(res.Changed) == 0:
		done = "ongewijzigd"
	}
	q := url.Values{"gedaan": {done}, "versie": {strconv.Itoa(res.Saved.Version)}, "bijgewerkt": {strconv.Itoa(res.Followed)}}
	http.Redirect(w, r, hostNationalURL(res.Saved.Article.UPL)+"?"+q.Encode(), http.StatusSeeOther)
}
