package public

import (
	"net/http"

	"loket/internal/web/shared"
)

// showDecisionLetter lets the requester download the decision letter as PDF.
func (h *Handler) showDecisionLetter(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	pdf, ok, err := shared.LetterPDF(c)
	if !ok {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	shared.WriteLetterPDF(w, c.Reference, pdf)
}
