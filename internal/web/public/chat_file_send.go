package public

import (
	"errors"
	"io"
	"net/http"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/problem"
	"loket/internal/web/respond"
)

// sendChatFile takes a photo or PDF the resident sends in the chat: a multipart form with the chat token
// (in the body, never the URL), the widget's id of the upload (so a retry counts once) and the file. The
// chat service checks and stores it and delivers it to the agent; the answer is its sequence number.
func (h *Handler) sendChatFile(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		h.notFound(w, r)
		return
	}
	if !h.limits.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "U hebt veel berichten achter elkaar gestuurd. Wacht een paar minuten.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, chat.MaxFileBytes+64<<10)
	file, hdr, err := r.FormFile("bestand")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		respond.JSON(w, http.StatusRequestEntityTooLarge, respond.Error{Error: "Het bestand is te groot.",
			Fields: map[string]string{"bestand": "Het bestand is groter dan 10 MB. Stuur een kleiner bestand."}})
		return
	case err != nil:
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: "Kies eerst een bestand.",
			Fields: map[string]string{"bestand": "Kies eerst een foto of een PDF."}})
		return
	}
	defer file.Close()
	token, id := r.FormValue("token"), r.FormValue("id")
	if len(token) != 43 || len(id) > 64 {
		respond.Fail(w, http.StatusBadRequest, "Dit verzoek kunnen we niet verwerken.")
		return
	}
	data, err := io.ReadAll(io.LimitReader(file, chat.MaxFileBytes+1))
	if err != nil {
		respond.Fail(w, http.StatusBadRequest, "Het bestand kwam niet goed aan. Probeer het nog eens.")
		return
	}
	line, err := h.deps.Chat.SendFile(r.Context(), auth.HashSecret(token), hdr.Filename, data, id)
	if err != nil {
		h.chatProblem(w, r, err)
		return
	}
	respond.JSON(w, http.StatusCreated, map[string]any{"seq": line.Seq, "id": id})
}

// chatProblem answers a chat service error with its status and safe message; anything else is a 500.
func (h *Handler) chatProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := map[problem.Kind]int{problem.Invalid: http.StatusUnprocessableEntity, problem.NotFound: http.StatusNotFound,
		problem.Conflict: http.StatusConflict, problem.TooMany: http.StatusTooManyRequests}[problem.KindOf(err)]
	if status == 0 {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, status, respond.Error{Error: problem.MessageOf(err), Fields: problem.FieldsOf(err)})
}
