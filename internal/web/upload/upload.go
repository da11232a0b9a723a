// Package upload reads the files people send with a form or a chat, and sends stored request files and
// decision letters back, alike for the public site and the console. It parses and answers HTTP only: what
// a file may be is checked by the capability (request.SaveUpload, the chat hub).
package upload

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"loket/internal/channel/chat"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/respond"
)

// MaxForm bounds one posted step of a request form, files included.
const MaxForm = 25 << 20

// ParseForm reads a posted form with files of at most MaxForm; it returns a safe Dutch message when the
// form cannot be read, "" when it can.
func ParseForm(w http.ResponseWriter, r *http.Request) string {
	r.Body = http.MaxBytesReader(w, r.Body, MaxForm)
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

// SaveFile reads an uploaded file (at most maxBytes and one byte, so that a larger one is refused by its
// size) and hands it to request.SaveUpload; a refused file gives a safe message.
func SaveFile(dataDir string, fh *multipart.FileHeader, accept []string, maxBytes int64) (store.RequestFile, string, error) {
	src, err := fh.Open()
	if err != nil {
		return store.RequestFile{}, "", err
	}
	defer src.Close()
	data, err := io.ReadAll(io.LimitReader(src, maxBytes+1))
	if err != nil {
		return store.RequestFile{}, "", err
	}
	return request.SaveUpload(request.Files{Dir: dataDir}, fh.Filename, data, accept, maxBytes)
}

// MessageFile stores the document sent with a message (field "bestand"), if any; a refused file sets
// form.FileError.
func MessageFile(dataDir string, r *http.Request, form *render.MessageForm) (*store.RequestFile, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["bestand"]) == 0 {
		return nil, nil
	}
	fh := r.MultipartForm.File["bestand"][0]
	if fh.Filename == "" && fh.Size == 0 {
		return nil, nil
	}
	f, msg, err := SaveFile(dataDir, fh, request.MessageUploadTypes, request.MaxMessageUploadKB<<10)
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

// WriteLetterPDF sends a decision letter as a PDF download. It holds personal data, so no cache keeps it.
func WriteLetterPDF(w http.ResponseWriter, reference string, pdf []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="besluit-`+reference+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(pdf)
}

// ChatFile is a file sent with the chat's file field (multipart field "bestand"), with the sender's id of
// the upload (field "id").
type ChatFile struct {
	Name, ClientID string
	Data           []byte
}

// ReadChatFile reads the file of a chat upload within the chat's size limit; on bad input it answers the
// request (413, 400) and returns false. The chat hub checks the content.
func ReadChatFile(w http.ResponseWriter, r *http.Request) (ChatFile, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, chat.MaxFileBytes+64<<10)
	file, hdr, err := r.FormFile("bestand")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		respond.JSON(w, http.StatusRequestEntityTooLarge, respond.Error{Error: "Het bestand is te groot.",
			Fields: map[string]string{"bestand": "Het bestand is groter dan 10 MB. Stuur een kleiner bestand."}})
		return ChatFile{}, false
	case err != nil:
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: "Kies eerst een bestand.",
			Fields: map[string]string{"bestand": "Kies eerst een foto of een PDF."}})
		return ChatFile{}, false
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, chat.MaxFileBytes+1))
	id := r.FormValue("id")
	if err != nil || len(id) > 64 {
		respond.Fail(w, http.StatusBadRequest, "Het bestand kwam niet goed aan. Probeer het nog eens.")
		return ChatFile{}, false
	}
	return ChatFile{Name: hdr.Filename, ClientID: id, Data: data}, true
}
