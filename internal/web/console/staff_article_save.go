package console

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/kb"
	"loket/internal/web/staffauth"
)

// Actions of the editor's buttons.
const (
	actionDraft   = "concept"
	actionPublish = "publiceren"
	actionPreview = "voorbeeld" // shows the preview and the language check without saving (works without JS)
)

// createArticle saves a new article from the editor.
func (h *Handler) createArticle(w http.ResponseWriter, r *http.Request) {
	f, ok := h.readArticleForm(w, r)
	if !ok {
		return
	}
	f.New = true
	h.saveArticleForm(w, r, f)
}

// updateArticle saves the editor's changes to an existing article.
func (h *Handler) updateArticle(w http.ResponseWriter, r *http.Request) {
	f, ok := h.readArticleForm(w, r)
	if !ok {
		return
	}
	old, ok := h.articleFromPath(w, r)
	if !ok {
		return
	}
	f.ID, f.State = old.ID, old.EditorialState()
	h.saveArticleForm(w, r, f)
}

func (h *Handler) readArticleForm(w http.ResponseWriter, r *http.Request) (articleForm, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, kb.MaxPostedArticleBytes)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is te groot of niet goed verstuurd. De tekst mag hoogstens 100.000 tekens zijn.")
		return articleForm{}, false
	}
	return parseArticleForm(r), true
}

// saveArticleForm saves the form through the kb service as a concept or published, or only shows the
// preview. Every field that is wrong is shown at once, with what the editor typed.
func (h *Handler) saveArticleForm(w http.ResponseWriter, r *http.Request, f articleForm) {
	action := r.PostForm.Get("actie")
	a, errs := f.article()
	switch {
	case action == actionPreview:
		h.renderEditor(w, r, http.StatusOK, f, "Dit is een voorbeeld. Het artikel is nog niet opgeslagen.")
		return
	case action != actionDraft && action != actionPublish:
		h.badRequest(w, r, "Kies opslaan als concept of publiceren.")
		return
	case len(errs) > 0:
		// The number could not be read; show the service's other messages beside it.
		if _, err := h.articles().Check(r.Context(), a); err != nil {
			if ve, ok := errors.AsType[*kb.ValidationError](err); ok {
				for k, v := range ve.Map() {
					if errs[k] == "" && k != "deadline_days" {
						errs[k] = v
					}
				}
			}
		}
		f.Errors = errs
		h.renderEditor(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	saved, err := h.articles().Save(r.Context(), staffauth.Staff(r).Email,
		kb.Edit{Article: a, New: f.New, BaseVersion: f.Version, Publish: action == actionPublish})
	if conflict, ok := errors.AsType[*kb.ConflictError](err); ok {
		// Someone else saved in between: show this editor's text again instead of overwriting theirs.
		f.Conflict = "Iemand anders heeft dit artikel opgeslagen terwijl u het bewerkte (nu versie " +
			strconv.Itoa(conflict.Current) + "). Uw tekst staat hieronder nog. Bekijk de versiegeschiedenis en sla daarna opnieuw op."
		f.Version = conflict.Current
		h.renderEditor(w, r, http.StatusConflict, f, "")
		return
	}
	if ve, ok := errors.AsType[*kb.ValidationError](err); ok {
		f.Errors = ve.Map()
		h.renderEditor(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/artikelen/"+a.ID+"?gedaan="+savedFlash[saved.Outcome], http.StatusSeeOther)
}

// savedFlash names the confirmation (see flashes) for what a save did.
var savedFlash = map[kb.Outcome]string{
	kb.OutcomeUnchanged: "ongewijzigd", kb.OutcomePublished: "gepubliceerd",
	kb.OutcomeConcept: "concept", kb.OutcomeConceptBeside: "concept-naast",
}
