package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAPIReplyToALiveChatReachesTheResident: an answer sent through POST /api/v1/conversations/{id}/replies
// to a chat in progress is said in the chat, as the console's answer is, so the resident sees it at once
// (before, the API stored it and answered "queued" while nothing reached the resident).
func TestAPIReplyToALiveChatReachesTheResident(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		srv, a := startOn(t, st.DSN(), true, func(c *config.Config) { c.ChatHours = "altijd" })
		_, token := addStaff(t, a, "sanne@voorbeeld.nl", auth.RoleAgent)
		agent := dialChat(t, srv, "/beheer/chat/verbinding", token, map[string]any{"type": "hello"})
		agent.await("the queue", func(f chatFrame) bool { return f.Type == "queue" })
		residentToken := startChatOn(t, srv, "Waar is de milieustraat?")
		queued, _ := agent.await("the chat in the queue", func(f chatFrame) bool { return f.Type == "queue-add" && len(f.Queue) == 1 })
		chatID := queued.Queue[0].Chat
		resident := dialChat(t, srv, "/chat/verbinding", "", map[string]any{"type": "hello", "token": residentToken})
		resident.await("the question", chatText("Waar is de milieustraat?"))
		agent.send(map[string]any{"type": "accept", "chat": chatID})
		resident.await("the agent joined", func(f chatFrame) bool { return f.Type == "state" && f.State == store.ChatActive })

		answer := "De milieustraat is aan de Industrieweg 5."
		code, body := apiDo(t, srv.URL, http.MethodPost, fmt.Sprintf("/api/v1/conversations/%d/replies", chatID), token,
			`{"text": "`+answer+`"}`)
		var out struct {
			Delivery string `json:"delivery"`
		}
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &out) != nil || out.Delivery != "live" {
			t.Fatalf("API reply to a live chat: %d %s, want 201 with delivery live", code, body)
		}
		resident.await("the API's answer in the chat", chatText(answer))
		agent.await("the API's answer in the chat console", chatText(answer))
	})
}
