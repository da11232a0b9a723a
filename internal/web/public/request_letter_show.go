package public

import (
	"net/http"

	"loket/internal/request"
	"loket/internal/web/upload"
)

// showDecisionLetter lets the requester download the decision letter as PDF.
func (h *Handler) showDecisionLetter(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	pdf, ok, err := request.DecisionLetterPDF(c)
	if !ok {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	upload.WriteLetterPDF(w, c.Reference, pdf)
}
