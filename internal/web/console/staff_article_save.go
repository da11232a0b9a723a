package console

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/kb"
	"loket/internal/web/shared"
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
	if _, err := h.deps.Store.Article(r.Context(), f.ID); err == nil {
		f.Errors = map[string]string{"id": "Er is al een artikel met dit adres. Kies een ander id."}
	} else if !errors.Is(err, kb.ErrNotFound) {
		h.serverError(w, r, err)
		return
	}
	h.saveArticleForm(w, r, f, "")
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
	f.ID, f.State = old.ID, shared.ArticleState(old)
	current, err := h.deps.Store.CurrentVersion(r.Context(), old.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if f.Version != current && r.PostForm.Get("actie") != actionPreview {
		// Someone else saved in between: show this editor's text again instead of overwriting theirs.
		f.Conflict = "Iemand anders heeft dit artikel opgeslagen terwijl u het bewerkte (nu versie " +
			strconv.Itoa(current) + "). Uw tekst staat hieronder nog. Bekijk de versiegeschiedenis en sla daarna opnieuw op."
		f.Version = current
		h.renderEditor(w, r, http.StatusConflict, f, "")
		return
	}
	h.saveArticleForm(w, r, f, old.UPL)
}

func (h *Handler) readArticleForm(w http.ResponseWriter, r *http.Request) (articleForm, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, shared.MaxArticleBody)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is te groot of niet goed verstuurd. De tekst mag hoogstens 100.000 tekens zijn.")
		return articleForm{}, false
	}
	return parseArticleForm(r), true
}

// saveArticleForm validates the form and saves it as draft or published, or only shows the preview.
func (h *Handler) saveArticleForm(w http.ResponseWriter, r *http.Request, f articleForm, oldUPL string) {
	action := r.PostForm.Get("actie")
	state := kb.StateDraft
	if action == actionPublish {
		state = kb.StatePublished
	}
	a, errs := f.article(state, oldUPL)
	for k, v := range f.Errors {
		errs[k] = v
	}
	f.Errors = errs
	switch {
	case action == actionPreview:
		f.Errors = map[string]string{}
		h.renderEditor(w, r, http.StatusOK, f, "Dit is een voorbeeld. Het artikel is nog niet opgeslagen.")
		return
	case action != actionDraft && action != actionPublish:
		h.badRequest(w, r, "Kies opslaan als concept of publiceren.")
		return
	case len(errs) > 0:
		h.renderEditor(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	// A draft of a published article is saved beside it: residents keep the published text until publishing.
	beside := !f.New && state == kb.StateDraft && f.State == kb.StatePublished
	save := h.deps.Store.SaveArticle
	if beside {
		save = h.deps.Store.SaveDraftBeside
	}
	if err := save(r.Context(), a, staffauth.Staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	verb := "update"
	if f.New {
		verb = "create"
	}
	h.auth.Audit(r, verb, "article", a.ID, "console; state "+state)
	done := "concept"
	switch {
	case state == kb.StatePublished:
		done = "gepubliceerd"
	case beside:
		done = "concept-naast"
	}
	http.Redirect(w, r, "/beheer/artikelen/"+a.ID+"?gedaan="+done, http.StatusSeeOther)
}
