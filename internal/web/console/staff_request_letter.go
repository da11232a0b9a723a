package console

import (
	"net/http"

	"loket/internal/request"
	"loket/internal/web/upload"
)

// showDecisionLetter sends the decision letter of the request as PDF.
func (h *Handler) showDecisionLetter(w http.ResponseWriter, r *http.Request) {
	c, ok := h.staffCase(w, r)
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
	h.auth.Audit(r, "view", "request_letter", c.Reference, "")
	upload.WriteLetterPDF(w, c.Reference, pdf)
}
