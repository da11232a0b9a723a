package public

import (
	"net/http"

	"loket/internal/request"
)

// showDecisionLetter lets the requester download the decision letter as PDF.
func (h *Handler) showDecisionLetter(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
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
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="besluit-`+c.Reference+`.pdf"`)
	w.Write(pdf)
}
