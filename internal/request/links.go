package request

import (
	"context"

	"loket/internal/auth"
	"loket/internal/kb"
)

// DraftPath is the page of a saved draft, reached by its unguessable token.
func DraftPath(token string) string { return "/aanvraag/" + token }

// StatusPath is the status page of a sent request, reached by its unguessable token.
func StatusPath(token string) string { return "/mijn-aanvraag/" + token }

// ProductOf is the product a request is for, from its article: the owner team handles it, the article's
// decision term applies.
func ProductOf(a kb.Article) Product {
	return Product{ID: a.ID, Title: a.Title, Team: a.Owner, DeadlineDays: a.DeadlineDays}
}

// SubmitForArticle sends a request for the product of article a with a new status link: every step is
// checked again, then the request, its files and the confirmation mail (with the link under BaseURL) are
// committed together. It returns the link's token, or the field errors (nothing is stored then).
func (s *Service) SubmitForArticle(ctx context.Context, a kb.Article, f Form, v Values, draftHash string,
	refused FieldErrors) (string, Case, FieldErrors, error) {
	token := NewToken()
	c, errs, err := s.Submit(ctx, SubmitInput{Form: f, Product: ProductOf(a), Values: v, DraftHash: draftHash,
		TokenHash: auth.HashSecret(token), StatusURL: s.BaseURL + StatusPath(token), Refused: refused})
	return token, c, errs, err
}

// DecisionLetterPDF is the PDF of a case's decision letter; ok is false when the case has no letter yet.
func DecisionLetterPDF(c Case) (pdf []byte, ok bool, err error) {
	if c.Letter == nil {
		return nil, false, nil
	}
	pdf, err = LetterPDF(*c.Letter)
	return pdf, true, err
}

// SaveUpload checks an uploaded file by its content against the accepted kinds and the size limit and
// saves it in files; a refused file gives a safe Dutch message and nothing is saved.
func SaveUpload(files Files, name string, data []byte, accept []string, maxBytes int64) (File, string, error) {
	head := data[:min(len(data), 512)]
	ct, msg := CheckUpload(accept, maxBytes, head, int64(len(data)))
	if msg != "" {
		return File{}, msg, nil
	}
	id := NewFileID()
	if err := files.Save(id, data); err != nil {
		return File{}, "", err
	}
	return File{ID: id, Name: CleanFileName(name), ContentType: ct, Size: int64(len(data))}, "", nil
}
