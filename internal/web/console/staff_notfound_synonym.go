package console

import (
	"errors"
	"net/http"
	"strings"

	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/staffauth"
)

// addNotFoundSynonym adds "zoekvraag => woord" to the synonym list, so a search for the query also finds
// the word the knowledge base uses; the search index switches to the new list at once.
func (h *Handler) addNotFoundSynonym(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	query := strings.Join(strings.Fields(strings.ReplaceAll(r.PostForm.Get("zoekvraag"), ",", " ")), " ")
	word := strings.Join(strings.Fields(strings.ReplaceAll(r.PostForm.Get("woord"), ",", " ")), " ")
	line := query + " => " + word
	if query == "" || word == "" || strings.Contains(query+word, "=>") || strings.ContainsAny(query+word, "#") {
		h.badRequest(w, r, "Vul het woord in dat de artikelen gebruiken, bijvoorbeeld ‘paspoort’.")
		return
	}
	if msg := synonymLineProblem(line); msg != "" {
		h.badRequest(w, r, msg)
		return
	}
	list, err := h.deps.Store.SearchSynonyms(r.Context())
	body := list.Body
	switch {
	case errors.Is(err, store.ErrNotFound):
		body = search.DefaultSynonymsText()
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	body = strings.TrimRight(body, "\n") + "\n# Toegevoegd vanuit ‘vaak gezocht, niet gevonden’\n" + line + "\n"
	syn, err := loadSynonymsText(body)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.deps.Store.SaveSearchSynonyms(r.Context(), body, staffauth.Staff(r).Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "update", "synonyms", "search", "toegevoegd: "+line)
	articles, err := h.deps.Store.ListArticles(r.Context(), store.ArticleFilter{PublishedOnly: true})
	if err == nil {
		err = h.deps.Search.ReplaceSynonyms(syn, articles)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/redactie/niet-gevonden?gedaan=synoniem", http.StatusSeeOther)
}
