package public

import (
	"net/http"

	"github.com/coder/websocket"
)

// openChatSocket upgrades a resident's chat connection; the chat token comes in the first frame, not the
// URL, so it never lands in access logs. The library refuses other origins than our own.
func (h *Handler) openChatSocket(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		h.notFound(w, r)
		return
	}
	if !h.hooks.Allow(r) { // connections per address; messages have their own limit per connection
		http.Error(w, "too many connections", http.StatusTooManyRequests)
		return
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered the request
	}
	h.deps.Chat.ServeResident(r.Context(), conn)
}
