package shared

import (
	"errors"
	"io"
	"net/http"

	"loket/internal/channel/chat"
	"loket/internal/problem"
	"loket/internal/web/respond"
)

// ChatUpload is a file sent with the chat's file field (multipart field "bestand"), with the sender's id
// of the upload (field "id").
type ChatUpload struct {
	Name, ClientID string
	Data           []byte
}

// ReadChatUpload reads the file of a chat upload within the chat's size limit; on bad input it answers the
// request (413, 400) and returns false. The chat service checks the content.
func ReadChatUpload(w http.ResponseWriter, r *http.Request) (ChatUpload, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, chat.MaxFileBytes+64<<10)
	file, hdr, err := r.FormFile("bestand")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		respond.JSON(w, http.StatusRequestEntityTooLarge, respond.Error{Error: "Het bestand is te groot.",
			Fields: map[string]string{"bestand": "Het bestand is groter dan 10 MB. Stuur een kleiner bestand."}})
		return ChatUpload{}, false
	case err != nil:
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: "Kies eerst een bestand.",
			Fields: map[string]string{"bestand": "Kies eerst een foto of een PDF."}})
		return ChatUpload{}, false
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, chat.MaxFileBytes+1))
	id := r.FormValue("id")
	if err != nil || len(id) > 64 {
		respond.Fail(w, http.StatusBadRequest, "Het bestand kwam niet goed aan. Probeer het nog eens.")
		return ChatUpload{}, false
	}
	return ChatUpload{Name: hdr.Filename, ClientID: id, Data: data}, true
}

// ProblemStatus is the HTTP status of a problem a person can act on, 0 for an internal fault.
func ProblemStatus(err error) int {
	return map[problem.Kind]int{problem.Invalid: http.StatusUnprocessableEntity, problem.NotFound: http.StatusNotFound,
		problem.Conflict: http.StatusConflict, problem.Forbidden: http.StatusForbidden,
		problem.TooMany: http.StatusTooManyRequests}[problem.KindOf(err)]
}

// WriteProblem answers a problem with its status, safe message and field messages as JSON; false for an
// internal fault, which the caller logs and answers as a 500.
func WriteProblem(w http.ResponseWriter, err error) bool {
	status := ProblemStatus(err)
	if status == 0 {
		return false
	}
	respond.JSON(w, status, respond.Error{Error: problem.MessageOf(err), Fields: problem.FieldsOf(err)})
	return true
}
