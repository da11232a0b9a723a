package console

import (
	"net/http"

	"github.com/coder/websocket"

	"loket/internal/channel/chat"
	"loket/internal/web/staffauth"
)

// openAgentChatSocket upgrades the console's chat connection of a signed-in agent: the chat page's, and
// the small one every other console page holds (chat-presence.js). Opening the chat page is audited there.
func (h *Handler) openAgentChatSocket(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		h.notFound(w, r)
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	st := staffauth.Staff(r)
	name := st.Name
	if name == "" {
		name = st.Email
	}
	h.deps.Chat.ServeAgent(r.Context(), conn, chat.Agent{ID: st.ID, Name: name, Email: st.Email})
}
