package shared

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
)

const (
	// MaxFormUpload bounds one posted step of a request form, files included.
	MaxFormUpload = 25 << 20
	// MaxMessageRunes bounds a message between requester and case handler.
	MaxMessageRunes = 5000
)

// MessageForm is the message box under a request (status page and case page).
type MessageForm struct {
	Text, Error, FileError string
	Thanks                 bool
}

// EventView is one event of a request's timeline with who did it and the Dutch name of its status.
type EventView struct {
	request.Event
	Who        string
	StatusName string
}

// DraftURL is the page of a saved draft.
func DraftURL(token string) string { return "/aanvraag/" + token }

// StatusURL is the status page of a sent request.
func StatusURL(token string) string { return "/mijn-aanvraag/" + token }

// RequestProduct is the product a request is for, from its article.
func RequestProduct(a kb.Article) request.Product {
	return request.Product{ID: a.ID, Title: a.Title, Team: a.Owner, DeadlineDays: a.DeadlineDays}
}

// Submit sends a request through the request service: every step is checked again, then the request,
// its files and the confirmation mail are committed together. It returns the token of the status link,
// or the field errors when something is wrong (nothing is stored then).
func Submit(ctx context.Context, svc *request.Service, baseURL string, a kb.Article, f request.Form, v request.Values,
	draftHash string, refused request.FieldErrors) (string, request.Case, request.FieldErrors, error) {
	return SubmitWith(ctx, svc, baseURL, a, f, v, Sending{DraftHash: draftHash, Refused: refused})
}

// Sending is what is committed together with a request besides its answers.
type Sending struct {
	DraftHash string              // the draft it came from, or ""
	Refused   request.FieldErrors // problems the caller found; reported with the rest
	// Owner builds the link to the logged-in sender from the new status token (identity.Links.OwnerLink);
	// nil without login.
	Owner func(statusToken string) (*request.OwnerLink, error)
	// PaymentID is the claimed, paid payment the request is sent for; 0 without a fee.
	PaymentID int64
}

// SubmitWith is Submit with the sender's link and the payment, all committed in the request's transaction.
func SubmitWith(ctx context.Context, svc *request.Service, baseURL string, a kb.Article, f request.Form, v request.Values,
	s Sending) (string, request.Case, request.FieldErrors, error) {
	token := request.NewToken()
	in := request.SubmitInput{Form: f, Product: RequestProduct(a), Values: v, DraftHash: s.DraftHash,
		TokenHash: auth.HashSecret(token), StatusURL: baseURL + StatusURL(token), Refused: s.Refused, PaymentID: s.PaymentID}
	if s.Owner != nil {
		owner, err := s.Owner(token)
		if err != nil {
			return "", request.Case{}, nil, err
		}
		in.Owner = owner
	}
	c, errs, err := svc.Submit(ctx, in)
	return token, c, errs, err
}

// ParseUpload reads a posted form with files of at most MaxFormUpload; it returns a safe Dutch message
// when the form cannot be read, "" when it can.
func ParseUpload(w http.ResponseWriter, r *http.Request) string {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormUpload)
	err := r.ParseMultipartForm(1 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return "U hebt te veel of te grote bestanden tegelijk gestuurd (samen meer dan 25 MB). Ga terug en kies kleinere bestanden."
	case err != nil:
		return "Het formulier is niet goed verstuurd. Probeer het opnieuw."
	}
	return ""
}

// StoreUpload checks an uploaded file and saves it under dataDir; a refused file gives a safe message.
func StoreUpload(dataDir string, fh *multipart.FileHeader, accept []string, maxBytes int64) (store.RequestFile, string, error) {
	src, err := fh.Open()
	if err != nil {
		return store.RequestFile{}, "", err
	}
	defer src.Close()
	data, err := io.ReadAll(io.LimitReader(src, maxBytes+1))
	if err != nil {
		return store.RequestFile{}, "", err
	}
	head := data[:min(len(data), 512)]
	ct, msg := request.CheckUpload(accept, maxBytes, head, int64(len(data)))
	if msg != "" {
		return store.RequestFile{}, msg, nil
	}
	id := request.NewFileID()
	if err := (request.Files{Dir: dataDir}).Save(id, data); err != nil {
		return store.RequestFile{}, "", err
	}
	return store.RequestFile{ID: id, Name: request.CleanFileName(fh.Filename), ContentType: ct, Size: int64(len(data))}, "", nil
}

// MessageFile stores the document sent with a message, if any; a refused file sets form.FileError.
func MessageFile(dataDir string, r *http.Request, form *MessageForm) (*store.RequestFile, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["bestand"]) == 0 {
		return nil, nil
	}
	fh := r.MultipartForm.File["bestand"][0]
	if fh.Filename == "" && fh.Size == 0 {
		return nil, nil
	}
	f, msg, err := StoreUpload(dataDir, fh, request.MessageUploadTypes, request.MaxMessageUploadKB<<10)
	if err != nil || msg != "" {
		form.FileError = msg
		return nil, err
	}
	return &f, nil
}

// ServeRequestFile sends the stored file {file} of this request as a download with its sniffed content
// type. It returns store.ErrNotFound (nothing written) when the request has no such file.
func ServeRequestFile(w http.ResponseWriter, r *http.Request, st *store.Store, dataDir string, req request.Request) error {
	f, err := st.RequestFile(r.Context(), r.PathValue("file"))
	if err == nil && f.RequestID != req.ID {
		err = store.ErrNotFound
	}
	if err != nil {
		return err
	}
	src, err := (request.Files{Dir: dataDir}).Open(f.ID)
	if err != nil {
		return err
	}
	defer src.Close()
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, src)
	return nil
}

// Who is how the console names the actor of a timeline entry: the requester, loket itself, or the
// handler by the name the service recorded.
func Who(actor string) string {
	switch actor {
	case request.ActorRequester:
		return "Indiener"
	case "", request.ActorLoket:
		return "loket"
	}
	return actor
}
