package console

import (
	"net/http"

	"loket/internal/request"
)

// showDecisionLetter sends the decision letter of the request as PDF.
func (h *Handler) showDecisionLetter(w http.ResponseWriter, r *http.Request) {
	c, ok := h.staffCase(w, r)
	if !ok {
		return
	}
	if c.Letter == nil {
		h.notFound(w, r)
		return
	}
	pdf, err := request.LetterPDF(*c.Letter)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "view", "request_letter", c.Reference, "")
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="besluit-`+c.Reference+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(pdf)
}
