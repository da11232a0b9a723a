package console

import (
	"errors"
	"net/http"

	"loket/internal/kb"
)

// publishConcept is "Concept publiceren" on the versions page: the newest version (a restored or saved
// concept) becomes what residents see.
func (h *Handler) publishConcept(w http.ResponseWriter, r *http.Request) {
	h.articleAction(w, r, "gepubliceerd", h.articles().Publish)
}

// articleActionFailed shows why an operation on a whole article did not happen: the rules it breaks in
// the editor, anything else as the error page.
func (h *Handler) articleActionFailed(w http.ResponseWriter, r *http.Request, a kb.Article, err error) {
	ve, ok := errors.AsType[*kb.ValidationError](err)
	if !ok {
		h.serverError(w, r, err)
		return
	}
	version, verr := h.deps.Store.CurrentVersion(r.Context(), a.ID)
	if verr != nil {
		h.serverError(w, r, verr)
		return
	}
	f := formFromArticle(a, version)
	f.State, f.Errors = a.EditorialState(), ve.Map()
	h.renderEditor(w, r, http.StatusUnprocessableEntity, f, "Dit kan pas als deze velden in orde zijn.")
}
