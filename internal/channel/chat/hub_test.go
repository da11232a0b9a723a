package chat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

type testFrame struct {
	Type       string `json:"type"`
	Transcript string `json:"transcript"`
	Queue      []struct {
		Chat int64 `json:"chat"`
	} `json:"queue"`
	Chat     int64           `json:"chat"`
	ID       string          `json:"id"`
	Seq      int64           `json:"seq"`
	Position int             `json:"position"`
	State    string          `json:"state"`
	Message  string          `json:"message"`
	Line     *store.ChatLine `json:"line"`
	Items    []chat.Suggestion
}

// serve runs a hub behind a real listener: /bewoner for residents, /medewerker?id= for agents.
func serve(t testing.TB, st *store.Store, max int) (*chat.Hub, string) {
	t.Helper()
	return serveWith(t, st, chat.Settings{AlwaysOpen: true, MaxPerAgent: max})
}

// serveWith is serve with the given settings.
func serveWith(t testing.TB, st *store.Store, set chat.Settings) (*chat.Hub, string) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hub := chat.NewHub(st, contact.Settings{}, set, nil, log,
		func(string) ([]chat.Suggestion, error) {
			return []chat.Suggestion{{ID: "paspoort", Title: "Paspoort", Text: "Zo vraagt u een paspoort aan."}}, nil
		})
	mux := http.NewServeMux()
	mux.HandleFunc("/bewoner", func(w http.ResponseWriter, r *http.Request) {
		if c, err := websocket.Accept(w, r, nil); err == nil {
			hub.ServeResident(r.Context(), c)
		}
	})
	mux.HandleFunc("/medewerker", func(w http.ResponseWriter, r *http.Request) {
		var id int64
		fmt.Sscan(r.URL.Query().Get("id"), &id)
		if c, err := websocket.Accept(w, r, nil); err == nil {
			hub.ServeAgent(r.Context(), c, chat.Agent{ID: id, Name: "Sanne Jansen"})
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return hub, "ws" + strings.TrimPrefix(srv.URL, "http")
}

type peer struct {
	t    testing.TB
	conn *websocket.Conn
	in   chan testFrame
}

func dial(t testing.TB, u string, hello any) *peer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	c.SetReadLimit(1 << 20)
	p := &peer{t: t, conn: c, in: make(chan testFrame, 256)}
	go func() {
		defer close(p.in)
		for {
			_, b, err := c.Read(context.Background())
			if err != nil {
				return
			}
			var f testFrame
			if json.Unmarshal(b, &f) == nil {
				p.in <- f
			}
		}
	}()
	p.send(hello)
	return p
}

func (p *peer) send(v any) {
	b, _ := json.Marshal(v)
	if err := p.conn.Write(context.Background(), websocket.MessageText, b); err != nil {
		p.t.Fatalf("write: %v", err)
	}
}

// await returns the first frame for which ok is true, failing after 10 seconds.
func (p *peer) await(what string, ok func(testFrame) bool) testFrame {
	p.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f, open := <-p.in:
			if !open {
				p.t.Fatalf("connection closed while waiting for %s", what)
			}
			if ok(f) {
				return f
			}
		case <-timeout:
			p.t.Fatalf("no %s within 10 seconds", what)
		}
	}
}

// arrives reports whether a frame for which ok is true comes within d; safe outside the test goroutine.
func (p *peer) arrives(ok func(testFrame) bool, d time.Duration) bool {
	timeout := time.After(d)
	for {
		select {
		case f, open := <-p.in:
			if !open {
				return false
			}
			if ok(f) {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

func message(text string) func(testFrame) bool {
	return func(f testFrame) bool { return f.Type == "message" && f.Line != nil && f.Line.Text == text }
}

// TestChatReconnectLosesNothing: a resident and an agent chat; the resident's connection drops, messages
// are sent meanwhile, and the reconnecting resident gets exactly the missed ones, in order.
func TestChatReconnectLosesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		agentID, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "sanne@voorbeeld.nl", Role: auth.RoleAgent}})
		if err != nil {
			t.Fatal(err)
		}
		hub, base := serve(t, st, 1)
		agent := dial(t, fmt.Sprintf("%s/medewerker?id=%d", base, agentID), map[string]any{"type": "hello"})
		token := auth.NewSecret()
		cs, err := hub.Start(ctx, store.ChatStart{Question: "Hoe vraag ik een paspoort aan?"}, auth.HashSecret(token))
		if err != nil {
			t.Fatal(err)
		}
		second, err := hub.Start(ctx, store.ChatStart{Question: "Ik wacht ook"}, auth.HashSecret(auth.NewSecret()))
		if err != nil {
			t.Fatal(err)
		}
		resident := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token})
		resident.await("the first question", message("Hoe vraag ik een paspoort aan?"))
		resident.await("the place in the queue", func(f testFrame) bool { return f.Position == 1 })

		agent.send(map[string]any{"type": "accept", "chat": cs.ConversationID})
		resident.await("an agent joined", func(f testFrame) bool { return f.Type == "state" && f.State == store.ChatActive })
		agent.await("the question in the agent's console", message("Hoe vraag ik een paspoort aan?"))
		agent.send(map[string]any{"type": "accept", "chat": second.ConversationID})
		agent.await("the limit of one chat", func(f testFrame) bool { return f.Type == "error" && strings.Contains(f.Message, "maximum") })

		resident.send(map[string]any{"type": "typing", "text": "Moet ik"})
		agent.await("the resident typing", func(f testFrame) bool { return f.Type == "typing" })
		resident.send(map[string]any{"type": "message", "id": "c1", "text": "Moet ik een afspraak maken?"})
		ack := resident.await("the ack", func(f testFrame) bool { return f.Type == "ack" && f.ID == "c1" })
		agent.await("the resident's message", message("Moet ik een afspraak maken?"))

		resident.conn.CloseNow() // the connection drops
		agent.send(map[string]any{"type": "suggest", "chat": cs.ConversationID})
		agent.await("suggestions", func(f testFrame) bool { return f.Type == "suggestions" && len(f.Items) == 1 })
		for _, text := range []string{"Ja, maak een afspraak.", "Neem een pasfoto mee.", "Zo vraagt u een paspoort aan."} {
			agent.send(map[string]any{"type": "message", "chat": cs.ConversationID, "text": text, "id": text})
			agent.await("the agent's ack", func(f testFrame) bool { return f.Type == "ack" && f.ID == text })
		}

		back := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token, "after": ack.Seq})
		// Like the widget: keep each number once and read them in order (a live message may come first).
		bySeq := map[int64]string{}
		for len(bySeq) < 3 {
			f := back.await("a missed message", func(f testFrame) bool { return f.Type == "message" })
			if f.Line.Seq <= ack.Seq {
				t.Fatalf("got seq %d again after %d", f.Line.Seq, ack.Seq)
			}
			bySeq[f.Line.Seq] = f.Line.Text
		}
		got := []string{bySeq[ack.Seq+1], bySeq[ack.Seq+2], bySeq[ack.Seq+3]}
		if want := []string{"Ja, maak een afspraak.", "Neem een pasfoto mee.", "Zo vraagt u een paspoort aan."}; !slices.Equal(got, want) {
			t.Fatalf("after reconnecting: %q, want %q", got, want)
		}
		// A message resent after the drop because its ack was lost is stored once.
		back.send(map[string]any{"type": "message", "id": "c1", "text": "Moet ik een afspraak maken?"})
		if again := back.await("the ack of the resent message", func(f testFrame) bool { return f.Type == "ack" && f.ID == "c1" }); again.Seq != ack.Seq {
			t.Fatalf("the resent message got seq %d, want the first one's %d", again.Seq, ack.Seq)
		}
		back.send(map[string]any{"type": "message", "text": strings.Repeat("x", 2001), "id": "te-lang"})
		back.await("a refusal of a too long message", func(f testFrame) bool { return f.Type == "error" })
		back.send(map[string]any{"type": "end"})
		agent.await("the end", func(f testFrame) bool { return f.Type == "state" && f.State == store.ChatEnded })
		c, _ := st.Conversation(ctx, cs.ConversationID)
		if c.Channel != contact.ChannelChat || c.State != contact.StateClosed || c.Messages != 6 || c.AssigneeID != agentID {
			t.Fatalf("the conversation in the inbox: %+v", c)
		}
	})
}

// TestHolds2000Connections opens 2,000 WebSocket connections (1,000 chats, two tabs each) on one hub and
// measures how long a committed message takes from one tab to the other while 500 messages a second flow.
func TestHolds2000Connections(t *testing.T) {
	if os.Getenv("LOKET_CHAT_LOAD") != "1" {
		t.Skip("load test: run with LOKET_CHAT_LOAD=1 on an otherwise idle machine")
	}
	st := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	hub, base := serve(t, st, 3)
	const chats, rounds, interval = 1000, 5, 2 * time.Second
	tokens := make([]string, chats)
	for i := range tokens {
		tokens[i] = auth.NewSecret()
		if _, err := st.StartChat(ctx, store.ChatStart{Question: fmt.Sprintf("Vraag %d", i)}, auth.HashSecret(tokens[i]), 0); err != nil {
			t.Fatal(err)
		}
	}
	hub.RefreshQueue(ctx)
	senders, receivers := make([]*peer, chats), make([]*peer, chats)
	start := time.Now()
	for i := range tokens {
		senders[i] = dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": tokens[i], "after": 1})
		receivers[i] = dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": tokens[i], "after": 1})
	}
	if n := waitConnections(hub, 2*chats); n != 2*chats {
		t.Fatalf("%d connections open, want %d", n, 2*chats)
	}
	t.Logf("opened %d connections in %v", 2*chats, time.Since(start).Round(time.Millisecond))
	var mu sync.Mutex
	var latencies []time.Duration
	begin := time.Now()
	var wg sync.WaitGroup
	var lost atomic.Int64
	for i := range chats {
		wg.Go(func() {
			// Every chat sends a message every two seconds, the chats spread over those two seconds:
			// 500 messages a second flowing over 2,000 connections.
			time.Sleep(time.Duration(i) * interval / chats)
			for r := range rounds {
				text := fmt.Sprintf("bericht %d-%d", i, r)
				sent := time.Now()
				senders[i].send(map[string]any{"type": "message", "text": text, "id": text})
				if !receivers[i].arrives(message(text), 10*time.Second) {
					lost.Add(1)
					return
				}
				mu.Lock()
				latencies = append(latencies, time.Since(sent))
				mu.Unlock()
				time.Sleep(interval - time.Since(sent))
			}
		})
	}
	wg.Wait()
	if n := lost.Load(); n > 0 {
		t.Fatalf("%d messages did not reach the other tab within 10 seconds", n)
	}
	elapsed := time.Since(begin)
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	p := func(q float64) time.Duration {
		return latencies[int(q*float64(len(latencies)-1))].Round(10 * time.Microsecond)
	}
	t.Logf("%d connections, %d messages committed and delivered in %v (%.0f msg/s): p50 %v, p95 %v, p99 %v, max %v",
		hub.Connections(), len(latencies), elapsed.Round(time.Millisecond), float64(len(latencies))/elapsed.Seconds(),
		p(0.5), p(0.95), p(0.99), latencies[len(latencies)-1].Round(time.Millisecond))
	if hub.Connections() != 2*chats {
		t.Fatalf("connections dropped under load: %d open", hub.Connections())
	}
	if p(0.99) > time.Second {
		t.Errorf("p99 latency %v is above 1 s", p(0.99))
	}
}

func waitConnections(hub *chat.Hub, n int) int {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && hub.Connections() < n {
		time.Sleep(20 * time.Millisecond)
	}
	return hub.Connections()
}
