package app_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// postChatFile sends a file to the chat's upload endpoint as the widget does and returns the status and
// the JSON answer.
func postChatFile(t *testing.T, srv *httptest.Server, token, id, name string, data []byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("token", token)
	w.WriteField("id", id)
	part, _ := w.CreateFormFile("bestand", name)
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/chat/bestand", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// TestChatFileEndpoint: POST /chat/bestand takes a resident's photo for their chat and refuses, with a
// message for the file field, what the chat does not take: a program named as a document, a file over
// 10 MB (cut off while reading), and an unknown chat token.
func TestChatFileEndpoint(t *testing.T) {
	srv, a := startOn(t, storetest.Open(t, store.SQLite).DSN(), false, func(c *config.Config) { c.ChatHours = "altijd" })
	_, agentToken := addStaff(t, a, "sanne@voorbeeld.nl", auth.RoleAgent)
	agent := dialChat(t, srv, "/beheer/chat/verbinding", agentToken, map[string]any{"type": "hello"})
	agent.await("the queue", func(f chatFrame) bool { return f.Type == "queue" })
	token := startChatOn(t, srv, "Ik stuur een foto van de losse stoeptegel.")

	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	if code, out := postChatFile(t, srv, token, "f1", "stoeptegel.png", png); code != http.StatusCreated || out["seq"] != float64(2) {
		t.Fatalf("a photo: %d %v, want 201 with seq 2 (after the question)", code, out)
	}
	exe := append([]byte("MZ\x90\x00\x03"), make([]byte, 64)...)
	code, out := postChatFile(t, srv, token, "f2", "invoice.doc", exe)
	fields, _ := out["fields"].(map[string]any)
	if code != http.StatusUnprocessableEntity || fields["bestand"] == nil {
		t.Fatalf("a program as a document: %d %v, want 422 with a message for the file", code, out)
	}
	if code, _ := postChatFile(t, srv, token, "f3", "groot.png", append(png, make([]byte, 11<<20)...)); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a file over 10 MB: %d, want 413", code)
	}
	if code, _ := postChatFile(t, srv, auth.NewSecret(), "f4", "foto.png", png); code != http.StatusNotFound {
		t.Fatalf("an unknown chat: %d, want 404", code)
	}
	chats, err := a.Store.Chats(t.Context(), store.ChatWaiting, 0)
	if err != nil || len(chats) != 1 {
		t.Fatalf("waiting chats %v (%v)", chats, err)
	}
	lines, _ := a.Store.ChatLinesAfter(t.Context(), chats[0].ConversationID, 0)
	if len(lines) != 2 || lines[1].File == nil || lines[1].File.Name != "stoeptegel.png" {
		t.Fatalf("the chat's lines %+v, want the question and the photo only", lines)
	}
}
