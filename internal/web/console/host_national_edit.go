package console

import (
	"errors"
	"net/http"

	"loket/internal/kb"
)

// showNewHostNational is the host's form for the national text of a product that has none yet.
func (h *Handler) showNewHostNational(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) {
		return
	}
	h.renderHostNationalEditor(w, r, http.StatusOK, articleForm{New: true, Type: kb.TypeProduct, Audience: []string{"inwoner"}}, "")
}

// showHostNationalEditor is the host's editor of the national text of the product {upl}.
func (h *Handler) showHostNationalEditor(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) {
		return
	}
	n, ok := h.hostNationalFromPath(w, r)
	if !ok {
		return
	}
	h.renderHostNationalEditor(w, r, http.StatusOK, nationalForm(n), hostNationalFlash(r))
}

// hostNationalFromPath loads the national text named by {upl}; on false the 404 or 500 has been written.
func (h *Handler) hostNationalFromPath(w http.ResponseWriter, r *http.Request) (kb.NationalArticle, bool) {
	n, err := h.deps.National.NationalArticle(r.Context(), r.PathValue("upl"))
	if errors.Is(err, kb.ErrNotFound) {
		h.notFound(w, r)
		return n, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return n, false
	}
	return n, true
}
