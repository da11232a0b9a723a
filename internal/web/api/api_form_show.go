package api

import (
	"errors"
	"net/http"

	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/respond"
)

// showProductForm answers GET /api/v1/products/{id}/form: the form definition of a published product.
func (h *Handler) showProductForm(w http.ResponseWriter, r *http.Request) {
	a, err := h.deps.Store.Article(r.Context(), r.PathValue("id"))
	if errors.Is(err, kb.ErrNotFound) || (err == nil && (!a.Published() || a.Type != kb.TypeProduct)) {
		respond.Fail(w, http.StatusNotFound, "product not found")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	f, err := h.deps.Store.RequestForm(r.Context(), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		respond.Fail(w, http.StatusNotFound, "this product has no online request form")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusOK, apiForm{Form: f, DeadlineDays: deadlineDays(a)})
}

// apiForm is a form definition with the decision term that applies.
type apiForm struct {
	request.Form
	DeadlineDays int `json:"deadline_days"`
}

func deadlineDays(a kb.Article) int {
	if a.DeadlineDays > 0 {
		return a.DeadlineDays
	}
	return request.DefaultTermDays
}
