package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// chatFrame is what the server sends on a chat connection, as the widget and the console read it.
type chatFrame struct {
	Type     string `json:"type"`
	Chat     int64  `json:"chat"`
	ID       string `json:"id"`
	Seq      int64  `json:"seq"`
	Position int    `json:"position"`
	State    string `json:"state"`
	Text     string `json:"text"`
	Message  string `json:"message"`
	Queue    []struct {
		Chat int64 `json:"chat"`
	} `json:"queue"`
	Chats []struct {
		Chat int64 `json:"chat"`
	} `json:"chats"`
	Line *struct {
		Seq  int64  `json:"seq"`
		Text string `json:"text"`
	} `json:"line"`
}

type chatConn struct {
	t    *testing.T
	conn *websocket.Conn
	in   chan chatFrame
}

// dialChat opens a chat WebSocket on srv at path, with an Authorization header when token is set, and
// sends hello.
func dialChat(t *testing.T, srv *httptest.Server, path, token string, hello map[string]any) *chatConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opts := &websocket.DialOptions{HTTPHeader: http.Header{}}
	if token != "" {
		opts.HTTPHeader.Set("Authorization", "Bearer "+token)
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+path, opts)
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	c := &chatConn{t: t, conn: conn, in: make(chan chatFrame, 256)}
	go func() {
		defer close(c.in)
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				return
			}
			var f chatFrame
			if json.Unmarshal(b, &f) == nil {
				c.in <- f
			}
		}
	}()
	t.Cleanup(func() { conn.CloseNow() })
	c.send(hello)
	return c
}

func (c *chatConn) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	if err := c.conn.Write(context.Background(), websocket.MessageText, b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// await returns the first frame for which ok is true and how long it took, failing after 5 seconds.
func (c *chatConn) await(what string, ok func(chatFrame) bool) (chatFrame, time.Duration) {
	c.t.Helper()
	start := time.Now()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case f, open := <-c.in:
			if !open {
				c.t.Fatalf("connection closed while waiting for %s", what)
			}
			if ok(f) {
				return f, time.Since(start)
			}
		case <-timeout:
			c.t.Fatalf("no %s within 5 seconds", what)
		}
	}
}

func chatText(text string) func(chatFrame) bool {
	return func(f chatFrame) bool { return f.Type == "message" && f.Line != nil && f.Line.Text == text }
}

// startChatOn opens a chat through srv's public endpoint and returns the resident's token.
func startChatOn(t *testing.T, srv *httptest.Server, question string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": question})
	resp, err := http.Post(srv.URL+"/chat/start", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token, Error string }
	json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != http.StatusCreated || out.Token == "" {
		t.Fatalf("start chat on %s: %d %s", srv.URL, resp.StatusCode, out.Error)
	}
	return out.Token
}

func chatStatus(t *testing.T, srv *httptest.Server) (open bool, reason string) {
	t.Helper()
	code, body := get(t, srv.URL+"/chat/status")
	var st struct {
		Open   bool   `json:"open"`
		Reason string `json:"reason"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &st) != nil {
		t.Fatalf("chat status: %d %s", code, body)
	}
	return st.Open, st.Reason
}

// TestChatAcrossInstances runs two loket instances on one PostgreSQL: residents on instance A, the agent
// on instance B. The queue, the accept, typing and messages both ways cross between the instances within
// a second, and a resident and an agent that reconnect to the other instance miss nothing.
func TestChatAcrossInstances(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	alwaysOpen := func(c *config.Config) { c.ChatHours = "altijd" }
	srvA, a := startOn(t, dsn, true, alwaysOpen)
	srvB, b := startOn(t, dsn, false, alwaysOpen)
	ctx := context.Background()

	// Availability is shared: with no agent anywhere both instances say so; an agent online on B opens the
	// chat on A too.
	if open, reason := chatStatus(t, srvA); open || reason != "no_agent" {
		t.Fatalf("no agent online: open %v, reason %q", open, reason)
	}
	_, token := addStaff(t, a, "sanne@voorbeeld.nl", auth.RoleAgent)
	agent := dialChat(t, srvB, "/beheer/chat/verbinding", token, map[string]any{"type": "hello"})
	agent.await("the (empty) queue", func(f chatFrame) bool { return f.Type == "queue" })
	if open, reason := chatStatus(t, srvA); !open {
		t.Fatalf("agent online on the other instance: chat not open on A (%q)", reason)
	}

	firstToken := startChatOn(t, srvA, "Hoe vraag ik een paspoort aan?")
	secondToken := startChatOn(t, srvA, "Wanneer wordt het grofvuil opgehaald?")
	// B's console gets each change, not the whole queue again.
	added, _ := agent.await("the first chat in the queue on B", func(f chatFrame) bool { return f.Type == "queue-add" })
	agent.await("the second chat in the queue on B", func(f chatFrame) bool { return f.Type == "queue-add" && f.Queue[0].Chat != added.Queue[0].Chat })
	first := added.Queue[0].Chat
	resident := dialChat(t, srvA, "/chat/verbinding", "", map[string]any{"type": "hello", "token": firstToken})
	resident.await("the question", chatText("Hoe vraag ik een paspoort aan?"))
	waiting := dialChat(t, srvA, "/chat/verbinding", "", map[string]any{"type": "hello", "token": secondToken})
	waiting.await("place 2 in the queue", func(f chatFrame) bool { return f.Position == 2 })

	agent.send(map[string]any{"type": "accept", "chat": first})
	_, d := resident.await("the agent joined (from B)", func(f chatFrame) bool { return f.Type == "state" && f.State == store.ChatActive })
	t.Logf("accept on B reached the resident on A after %v", d)
	waiting.await("place 1 after the accept on B", func(f chatFrame) bool { return f.Type == "queue" && f.Position == 1 })
	agent.await("the question in the console", chatText("Hoe vraag ik een paspoort aan?"))

	resident.send(map[string]any{"type": "typing", "text": "Moet ik"})
	typing, _ := agent.await("the resident typing", func(f chatFrame) bool { return f.Type == "typing" && f.Chat == first })
	if typing.Text != "" {
		t.Errorf("what the resident typed crossed instances: %q", typing.Text)
	}
	agent.send(map[string]any{"type": "typing", "chat": first})
	resident.await("the agent typing", func(f chatFrame) bool { return f.Type == "typing" })

	var worst time.Duration
	var lastSeq int64
	for i, text := range []string{"Moet ik een afspraak maken?", "En wat kost het?"} {
		id := "r" + string(rune('1'+i))
		resident.send(map[string]any{"type": "message", "id": id, "text": text})
		ack, _ := resident.await("the ack", func(f chatFrame) bool { return f.Type == "ack" && f.ID == id })
		_, d := agent.await("the resident's message on B", chatText(text))
		worst, lastSeq = max(worst, d), ack.Seq
	}
	reply := "Ja, maak een afspraak. Een paspoort kost 84,20 euro."
	agent.send(map[string]any{"type": "message", "chat": first, "id": "a1", "text": reply})
	_, d = resident.await("the agent's message on A", chatText(reply))
	worst = max(worst, d)
	t.Logf("slowest message between the instances: %v", worst)
	if worst > time.Second {
		t.Errorf("a message took %v between the instances, want within 1 s", worst)
	}
	lastSeq++ // the reply

	// The resident's connection to A drops; the agent writes twice; the resident comes back through B.
	resident.conn.CloseNow()
	missed := []string{"Neem een pasfoto mee.", "Betalen kan met pin."}
	for i, text := range missed {
		id := "a" + string(rune('2'+i))
		agent.send(map[string]any{"type": "message", "chat": first, "id": id, "text": text})
		agent.await("the agent's ack", func(f chatFrame) bool { return f.Type == "ack" && f.ID == id })
	}
	back := dialChat(t, srvB, "/chat/verbinding", "", map[string]any{"type": "hello", "token": firstToken, "after": lastSeq})
	var got []string
	seen := map[int64]bool{}
	for len(got) < len(missed) {
		f, _ := back.await("a missed message", func(f chatFrame) bool { return f.Type == "message" })
		if f.Line.Seq <= lastSeq || seen[f.Line.Seq] {
			t.Fatalf("seq %d sent again after reconnecting with after=%d", f.Line.Seq, lastSeq)
		}
		seen[f.Line.Seq] = true
		got = append(got, f.Line.Text)
	}
	if !slices.Equal(got, missed) {
		t.Fatalf("after reconnecting to the other instance: %q, want %q", got, missed)
	}

	// The agent's console moves from B to A while the resident (now on B) writes.
	agent.conn.CloseNow()
	back.send(map[string]any{"type": "message", "id": "r3", "text": "Dank u wel."})
	back.await("the ack", func(f chatFrame) bool { return f.Type == "ack" && f.ID == "r3" })
	moved := dialChat(t, srvA, "/beheer/chat/verbinding", token, map[string]any{"type": "hello",
		"after_chats": map[string]int64{itoa(first): lastSeq + 2}})
	moved.await("the chat in the console on A", func(f chatFrame) bool { return f.Type == "chats" && len(f.Chats) == 1 && f.Chats[0].Chat == first })
	if f, _ := moved.await("the message written while the console moved", func(f chatFrame) bool { return f.Type == "message" }); f.Line.Text != "Dank u wel." {
		t.Fatalf("the console on A got %q first, want only what it missed", f.Line.Text)
	}

	back.send(map[string]any{"type": "end"})
	moved.await("the end, from B", func(f chatFrame) bool { return f.Type == "state" && f.State == store.ChatEnded && f.Chat == first })
	moved.conn.CloseNow()
	// The agent may be moving between console pages: B keeps the chat open for the grace period, then not.
	if open, _ := chatStatus(t, srvB); !open {
		t.Fatalf("just after the agent left A, B says the chat is closed")
	}
	b.Chat.SetClock(func() time.Time { return time.Now().Add(chat.AgentGrace + time.Second) })
	if open, reason := chatStatus(t, srvB); open || reason != "no_agent" {
		t.Fatalf("the agent left A longer than the grace period ago, but B says open %v (%q)", open, reason)
	}
	c, err := a.Store.Conversation(ctx, first)
	if err != nil || c.Messages != 8 {
		t.Fatalf("the conversation in the inbox: %d messages (%v), want 8", c.Messages, err)
	}
}

// TestChatReturnsAcrossInstances: the agent handles a chat from instance B and closes the console; the
// sweep on instance A (its clock moved past the grace period) puts the chat back in the queue, the
// resident on A is told, and a colleague's console on B sees the chat return.
func TestChatReturnsAcrossInstances(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	alwaysOpen := func(c *config.Config) { c.ChatHours = "altijd" }
	srvA, a := startOn(t, dsn, true, alwaysOpen)
	srvB, _ := startOn(t, dsn, false, alwaysOpen)
	_, sanne := addStaff(t, a, "sanne@voorbeeld.nl", auth.RoleAgent)
	_, piet := addStaff(t, a, "piet@voorbeeld.nl", auth.RoleAgent)
	agent := dialChat(t, srvB, "/beheer/chat/verbinding", sanne, map[string]any{"type": "hello"})
	agent.await("the queue", func(f chatFrame) bool { return f.Type == "queue" })
	colleague := dialChat(t, srvB, "/beheer/chat/verbinding", piet, map[string]any{"type": "hello", "mode": "notify"})
	colleague.await("the queue", func(f chatFrame) bool { return f.Type == "queue" })

	token := startChatOn(t, srvA, "Mijn rijbewijs is gestolen.")
	added, _ := agent.await("the chat in the queue", func(f chatFrame) bool { return f.Type == "queue-add" })
	id := added.Queue[0].Chat
	resident := dialChat(t, srvA, "/chat/verbinding", "", map[string]any{"type": "hello", "token": token})
	resident.await("the question", chatText("Mijn rijbewijs is gestolen."))
	agent.send(map[string]any{"type": "accept", "chat": id})
	resident.await("the agent joined", func(f chatFrame) bool { return f.Type == "state" && f.State == store.ChatActive })
	colleague.await("the chat left the queue", func(f chatFrame) bool { return f.Type == "queue-remove" && f.Chat == id })

	agent.conn.CloseNow()
	a.Chat.SetClock(func() time.Time { return time.Now().Add(time.Minute) })
	deadline := time.Now().Add(5 * time.Second)
	for { // B records the close when it notices it; until then the agent counts as there
		if err := a.Chat.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		if cs, err := a.Store.Chat(context.Background(), id); err == nil && cs.State == store.ChatWaiting {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the chat of the agent who left is not back in the queue")
		}
		time.Sleep(20 * time.Millisecond)
	}
	resident.await("the message that the agent left", func(f chatFrame) bool {
		return f.Type == "message" && f.Line != nil && strings.Contains(f.Line.Text, "U staat weer in de wachtrij")
	})
	resident.await("back in the queue", func(f chatFrame) bool { return f.Type == "state" && f.State == store.ChatWaiting && f.Position == 1 })
	colleague.await("the chat back in the queue on B", func(f chatFrame) bool { return f.Type == "queue-add" && f.Queue[0].Chat == id })
}
