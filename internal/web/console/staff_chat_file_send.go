package console

import (
	"net/http"

	"loket/internal/channel/chat"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
	"loket/internal/web/upload"
)

// sendChatFile takes a file an agent sends to the resident in one of their chats (the panel's file field)
// and answers with its sequence number as JSON; the line reaches everyone through the chat.
func (h *Handler) sendChatFile(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if h.deps.Chat == nil || !ok {
		h.notFound(w, r)
		return
	}
	up, ok := upload.ReadChatFile(w, r)
	if !ok {
		return
	}
	st := staffauth.Staff(r)
	name := st.Name
	if name == "" {
		name = st.Email
	}
	line, err := h.deps.Chat.SendAgentFile(r.Context(), chat.Agent{ID: st.ID, Name: name, Email: st.Email}, id, up.Name, up.Data, up.ClientID)
	if err != nil {
		if !respond.WriteProblem(w, err) {
			h.serverError(w, r, err)
		}
		return
	}
	respond.JSON(w, http.StatusCreated, map[string]any{"seq": line.Seq, "id": up.ClientID})
}
