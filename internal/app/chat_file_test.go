package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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
	return postFile(t, srv.URL+"/chat/bestand", "", map[string]string{"token": token, "id": id}, name, data)
}

// postFile posts a multipart form with a file in the field "bestand", with a bearer token when one is given.
func postFile(t *testing.T, u, bearer string, fields map[string]string, name string, data []byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	part, _ := w.CreateFormFile("bestand", name)
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, u, &body)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
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

// TestChatFileToResident: the agent sends a PDF from the console (POST /beheer/chat/{id}/bestand); the
// resident fetches it with the chat token in the body of POST /chat/bestand/ophalen, as a download that
// cannot run in loket's origin; without the right token there is nothing.
func TestChatFileToResident(t *testing.T) {
	srv, a := startOn(t, storetest.Open(t, store.SQLite).DSN(), false, func(c *config.Config) { c.ChatHours = "altijd" })
	_, agentToken := addStaff(t, a, "sanne@voorbeeld.nl", auth.RoleAgent)
	agent := dialChat(t, srv, "/beheer/chat/verbinding", agentToken, map[string]any{"type": "hello"})
	agent.await("the queue", func(f chatFrame) bool { return f.Type == "queue" })
	token := startChatOn(t, srv, "Welk formulier heb ik nodig?")
	added, _ := agent.await("the chat", func(f chatFrame) bool { return f.Type == "queue-add" })
	id := added.Queue[0].Chat
	agent.send(map[string]any{"type": "accept", "chat": id})
	agent.await("the question", chatText("Welk formulier heb ik nodig?"))

	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	u := srv.URL + "/beheer/chat/" + itoa(id) + "/bestand"
	if code, out := postFile(t, u, agentToken, map[string]string{"id": "a1"}, "formulier.pdf", pdf); code != http.StatusCreated {
		t.Fatalf("the agent's file: %d %v", code, out)
	}
	if code, _ := postFile(t, u, "", map[string]string{"id": "a2"}, "formulier.pdf", pdf); code == http.StatusCreated {
		t.Fatal("a file sent into the chat without signing in")
	}
	lines, _ := a.Store.ChatLinesAfter(t.Context(), id, 0)
	if len(lines) != 2 || lines[1].File == nil {
		t.Fatalf("the chat's lines %+v, want the question and the agent's file", lines)
	}
	fetch := func(tok string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/chat/bestand/ophalen",
			strings.NewReader(url.Values{"token": {tok}, "bestand": {itoa(lines[1].File.ID)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	resp := fetch(token)
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, pdf) || resp.Header.Get("Content-Disposition") != `attachment; filename=formulier.pdf` ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("the resident's download: %d %q %v", resp.StatusCode, got, resp.Header)
	}
	if resp := fetch(auth.NewSecret()); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another token: %d, want 404", resp.StatusCode)
	}
}
