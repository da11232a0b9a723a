package public

import (
	"net/http"

	"loket/internal/auth"
	"loket/internal/web/respond"
	"loket/internal/web/upload"
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
	up, ok := upload.ReadChatFile(w, r)
	if !ok {
		return
	}
	token := r.FormValue("token")
	if len(token) != 43 {
		respond.Fail(w, http.StatusBadRequest, "Dit verzoek kunnen we niet verwerken.")
		return
	}
	line, err := h.deps.Chat.SendFile(r.Context(), auth.HashSecret(token), up.Name, up.Data, up.ClientID)
	if err != nil {
		if !respond.WriteProblem(w, err) {
			h.serverError(w, r, err)
		}
		return
	}
	respond.JSON(w, http.StatusCreated, map[string]any{"seq": line.Seq, "id": up.ClientID})
}
