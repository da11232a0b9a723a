package api

import (
	"errors"
	"io"
	"net/http"

	"loket/internal/kb"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// saveArticle is PUT /api/v1/articles/{id}: create (201) or update (200) one article in the import format.
func (h *Handler) saveArticle(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, kb.MaxPostedArticleBytes))
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
		err = &kb.ValidationError{Item: id, Fields: []kb.FieldError{{Field: "id", Message: "Het id moet hetzelfde zijn als het id in het adres."}}}
	}
	if err != nil {
		h.articleInvalid(w, err)
		return
	}
	// "state": "draft" on a published article saves a concept beside it, as the console does: residents
	// keep the published text until someone publishes.
	saved, err := h.articles().Save(r.Context(), staffauth.Staff(r).Email,
		kb.Edit{Article: a, Replace: true, Publish: a.State == "" || a.State == kb.StatePublished})
	if err != nil {
		h.articleInvalid(w, err)
		return
	}
	status := http.StatusOK
	if saved.Created {
		status = http.StatusCreated
	}
	stored, err := h.deps.Store.Article(r.Context(), a.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, status, h.staffArticle(stored))
}

// articleInvalid answers 422 with a Dutch message for every field that is wrong; an undecodable body is
// a 400, and anything else the 500.
func (h *Handler) articleInvalid(w http.ResponseWriter, err error) {
	ve, ok := errors.AsType[*kb.ValidationError](err)
	if !ok {
		respond.Fail(w, http.StatusInternalServerError, "Er ging iets mis bij ons. Probeer het later nog eens.")
		return
	}
	if len(ve.Fields) == 1 && ve.Fields[0].Field == "" {
		respond.Fail(w, http.StatusBadRequest, ve.Fields[0].Message)
		return
	}
	respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: ve.Error(), Fields: ve.Map()})
}
