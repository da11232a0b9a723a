package request

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"
)

// LetterPDF renders a decision letter as an A4 PDF with the standard Helvetica font (Dutch text is
// translated to code page 1252, which holds ë, é and €). The creation date is the letter's date, so
// the same letter always gives the same file.
func LetterPDF(l Letter) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(25, 25, 25)
	pdf.SetCompression(false) // a letter is small; plain text streams stay searchable
	pdf.SetCreationDate(l.Date)
	pdf.SetModificationDate(l.Date)
	pdf.SetCatalogSort(true)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle(l.Subject, true)
	pdf.SetAuthor(l.Sender, true)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 7, tr(l.Sender), "", "L", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "", 11)
	for _, line := range []string{"Aan: " + l.To, "Datum: " + DutchDate(l.Date), "Zaaknummer: " + l.Reference} {
		pdf.MultiCell(0, 6, tr(line), "", "L", false)
	}
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 6, tr(l.Subject), "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 11)
	for _, p := range l.Paragraphs {
		pdf.MultiCell(0, 6, tr(p), "", "L", false)
		pdf.Ln(3)
	}
	pdf.SetFont("Helvetica", "B", 11)
	pdf.MultiCell(0, 6, tr("Niet eens met dit besluit?"), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(l.Remedy), "", "L", false)
	pdf.Ln(6)
	pdf.MultiCell(0, 6, tr("Met vriendelijke groet,\n"+l.Sender), "", "L", false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("decision letter %s as PDF: %w", l.Reference, err)
	}
	return buf.Bytes(), nil
}
