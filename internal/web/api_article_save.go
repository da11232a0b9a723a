package web

import (
	"errors"
	"io"
	"net/http"

	"loket/internal/kb"
)

// maxArticleBody bounds one article in the import format; the body text alone may be 100,000 bytes.
const maxArticleBody = 1 << 20

// saveArticle is PUT /api/v1/articles/{id}: create (201) or update (200) one article in the import format.
func (h *apiHandler) saveArticle(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxArticleBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.apiFail(w, http.StatusRequestEntityTooLarge, "the article is larger than 1 MB")
		return
	}
	if err != nil {
		h.apiFail(w, http.StatusBadRequest, "could not read the request body")
		return
	}
	id := r.PathValue("id")
	a, err := kb.DecodeArticle(data, id)
	if err == nil && a.ID != id {
		err = &kb.ValidationError{Item: id, Field: "id", Message: "must be the same as the id in the URL"}
	}
	if err != nil {
		h.articleInvalid(w, err)
		return
	}
	res, err := h.deps.Store.ImportArticles(r.Context(), []kb.Article{a}, staff(r).Email)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	status, action := http.StatusOK, "update"
	switch {
	case res.Created == 1:
		status, action = http.StatusCreated, "create"
	case res.Unchanged == 1:
		action = ""
	}
	if action != "" {
		h.audit(r, action, "article", a.ID, "api; state "+stateOf(a))
	}
	saved, err := h.deps.Store.Article(r.Context(), a.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	writeJSON(w, status, h.staffArticle(saved))
}

// articleInvalid answers 422 with the field that is wrong; an undecodable body is a 400.
func (h *apiHandler) articleInvalid(w http.ResponseWriter, err error) {
	var ve *kb.ValidationError
	if !errors.As(err, &ve) {
		h.apiFail(w, http.StatusBadRequest, err.Error())
		return
	}
	body := apiError{Error: ve.Error()}
	if ve.Field != "" {
		body.Fields = map[string]string{ve.Field: ve.Message}
	}
	writeJSON(w, http.StatusUnprocessableEntity, body)
}

func stateOf(a kb.Article) string {
	if a.Published() {
		return kb.StatePublished
	}
	return kb.StateDraft
}
