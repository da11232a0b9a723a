package api

import (
	"errors"
	"io"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/respond"
	"loket/internal/web/shared"
	"loket/internal/web/staffauth"
)

// saveArticle is PUT /api/v1/articles/{id}: create (201) or update (200) one article in the import format.
func (h *Handler) saveArticle(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, shared.MaxArticleBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		respond.Fail(w, http.StatusRequestEntityTooLarge, "the article is larger than 1 MB")
		return
	}
	if err != nil {
		respond.Fail(w, http.StatusBadRequest, "could not read the request body")
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
	res, err := h.deps.Store.ImportArticles(r.Context(), []kb.Article{a}, staffauth.Staff(r).Email)
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
		h.auth.Audit(r, action, "article", a.ID, "api; state "+shared.ArticleState(a))
	}
	saved, err := h.deps.Store.Article(r.Context(), a.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, status, h.staffArticle(saved))
}

// articleInvalid answers 422 with the field that is wrong; an undecodable body is a 400.
func (h *Handler) articleInvalid(w http.ResponseWriter, err error) {
	var ve *kb.ValidationError
	if !errors.As(err, &ve) {
		respond.Fail(w, http.StatusBadRequest, err.Error())
		return
	}
	body := respond.Error{Error: ve.Error()}
	if ve.Field != "" {
		body.Fields = map[string]string{ve.Field: ve.Message}
	}
	respond.JSON(w, http.StatusUnprocessableEntity, body)
}
