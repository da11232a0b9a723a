package console

import (
	"errors"
	"net/http"

	"loket/internal/plainlang"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// plainWords is the word list of the plain-language check: the bundled one with the editors' own added.
// A list that cannot be read is logged and the bundled one used, so the editor keeps working.
func (h *Handler) plainWords(r *http.Request) *plainlang.WordList {
	saved, err := h.deps.Store.PlainLanguageWords(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		return plainlang.BuiltIn()
	}
	var extra *plainlang.WordList
	if err == nil {
		extra, err = plainlang.ParseWordList(saved.Body)
	}
	if err != nil {
		h.deps.Log.Error("plain-language words", "err", err)
		return plainlang.BuiltIn()
	}
	return plainlang.BuiltIn().With(extra)
}

type plainWordsData struct {
	Body     string
	Error    string
	Saved    store.WordList
	Built    int // entries of the bundled list
	Combined int
}

// showPlainWords is the editors' own list of officialese: "woord = alternatief" lines that the
// plain-language check finds beside the roughly 200 bundled ones.
func (h *Handler) showPlainWords(w http.ResponseWriter, r *http.Request) {
	saved, err := h.deps.Store.PlainLanguageWords(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.serverError(w, r, err)
		return
	}
	h.renderPlainWords(w, r, http.StatusOK, plainWordsData{Body: saved.Body, Saved: saved})
}

func (h *Handler) renderPlainWords(w http.ResponseWriter, r *http.Request, status int, d plainWordsData) {
	d.Built, d.Combined = plainlang.BuiltIn().Len(), h.plainWords(r).Len()
	h.render(w, r, status, "staff_plainlang_words", render.Page{Title: "Ambtelijke woorden", Data: d, Flash: flashFor(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Ambtelijke woorden", URL: ""}}})
}

// savePlainWords checks the list line by line and stores it; a wrong line is named and nothing is saved.
func (h *Handler) savePlainWords(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, plainlang.MaxWordListBytes+4<<10) {
		return
	}
	body := normalizeNewlines(r.PostForm.Get("woorden"))
	if _, err := plainlang.ParseWordList(body); err != nil {
		msg := "De lijst kan niet worden gebruikt."
		if le, ok := errors.AsType[*plainlang.WordListError](err); ok {
			msg = le.Error()
		}
		h.renderPlainWords(w, r, http.StatusUnprocessableEntity, plainWordsData{Body: body, Error: msg})
		return
	}
	if err := h.deps.Store.SavePlainLanguageWords(r.Context(), body, staffauth.Staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "update", "plainlang_words", "", "")
	http.Redirect(w, r, "/beheer/redactie/ambtelijke-woorden?gedaan=woorden", http.StatusSeeOther)
}
