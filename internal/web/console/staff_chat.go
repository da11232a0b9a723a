package console

import (
	"net/http"
	"time"

	"loket/internal/calendar"
	"loket/internal/web/render"
)

type chatConsoleData struct {
	MaxPerAgent      int
	Teams, Assignees []selectOption
	DefaultDue       string // datetime-local value: tomorrow at this time
}

// showChatConsole is the agent's chat page: the queue and the chats the agent handles, live over a
// WebSocket (static/js/chat-agent.js).
func (h *Handler) showChatConsole(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		h.notFound(w, r)
		return
	}
	data := chatConsoleData{MaxPerAgent: h.deps.Chat.MaxPerAgent(), DefaultDue: h.defaultDue()}
	if err := h.assignChoices(r, &data.Teams, &data.Assignees, "", ""); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "open", "chat-console", "", "")
	h.render(w, r, http.StatusOK, "staff_chat", render.Page{Title: "Chat", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Chat", URL: ""}}})
}

// defaultDue is the value a due-time field starts with: the next working day at this time, in Amsterdam.
func (h *Handler) defaultDue() string {
	t := h.now().In(calendar.Amsterdam).Add(24 * time.Hour)
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.Add(24 * time.Hour)
	}
	return t.Format(dueLayout)
}

const dueLayout = "2006-01-02T15:04" // the value of an <input type="datetime-local">

// parseDue reads a datetime-local value as Amsterdam time.
func parseDue(v string) (time.Time, bool) {
	t, err := time.ParseInLocation(dueLayout, v, calendar.Amsterdam)
	return t, err == nil
}
