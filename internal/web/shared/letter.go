package shared

import (
	"net/http"

	"loket/internal/request"
)

// WriteLetterPDF sends a decision letter as a PDF download. It holds personal data, so no cache keeps it.
func WriteLetterPDF(w http.ResponseWriter, reference string, pdf []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="besluit-`+reference+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(pdf)
}

// LetterPDF is the PDF of a case's decision letter; ok is false when the case has no letter yet.
func LetterPDF(c request.Case) (pdf []byte, ok bool, err error) {
	if c.Letter == nil {
		return nil, false, nil
	}
	pdf, err = request.LetterPDF(*c.Letter)
	return pdf, true, err
}
