package public

import (
	"loket/internal/web/respond"
	"net/http"
)

// showChatStatus tells the widget whether the chat is open, an agent is online and how many wait.
func (h *Handler) showChatStatus(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		respond.JSON(w, http.StatusOK, map[string]any{"open": false, "reason": "closed",
			"message": "De chat is niet beschikbaar. Stel uw vraag via het contactformulier."})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	respond.JSON(w, http.StatusOK, h.deps.Chat.Availability(r.Context()))
}
