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

// Sending is what is committed together with a request besides its answers.
type Sending struct {
	DraftHash string      // the draft it came from, or ""
	Refused   FieldErrors // problems the caller found; reported with the rest
	// Owner builds the link to the logged-in sender from the new status token (identity.Links.OwnerLink);
	// nil without login.
	Owner func(statusToken string) (*OwnerLink, error)
	// PaymentID is the claimed, paid payment the request is sent for; 0 without a fee.
	PaymentID int64
}

// SubmitForArticle sends a request for the product of article a with a new status link: every step is
// checked again, then the request, its files, the confirmation mail (with the link under BaseURL), the
// link to the logged-in sender and the payment's move to submitted are committed together. It returns
// the link's token, or the field errors (nothing is stored then).
func (s *Service) SubmitForArticle(ctx context.Context, a kb.Article, f Form, v Values, snd Sending) (string, Case, FieldErrors, error) {
	token := NewToken()
	in := SubmitInput{Form: f, Product: ProductOf(a), Values: v, DraftHash: snd.DraftHash,
		TokenHash: auth.HashSecret(token), StatusURL: s.BaseURL + StatusPath(token), Refused: snd.Refused, PaymentID: snd.PaymentID}
	if snd.Owner != nil {
		owner, err := snd.Owner(token)
		if err != nil {
			return "", Case{}, nil, err
		}
		in.Owner = owner
	}
	c, errs, err := s.Submit(ctx, in)
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
