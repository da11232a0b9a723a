package chat

import (
	"context"
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
)

// client is one open WebSocket: a resident's tab (chat set) or an agent's console (agent set).
type client struct {
	conn   *websocket.Conn
	out    chan []byte
	chat   int64
	agent  Agent
	limit  *rate.Limiter // messages and other actions
	typing *rate.Limiter // typing notices, dropped silently above the limit
	cancel context.CancelFunc
	once   sync.Once
}

// send queues a frame without blocking; a client too slow to keep up is disconnected and catches up from
// the store when it reconnects.
func (c *client) send(b []byte) {
	select {
	case c.out <- b:
	default:
		c.once.Do(c.cancel)
	}
}

func (h *Hub) newClient(ctx context.Context, conn *websocket.Conn) (*client, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	conn.SetReadLimit(MaxFrameBytes)
	return &client{conn: conn, out: make(chan []byte, sendBuffer), limit: rate.NewLimiter(5, 20),
		typing: rate.NewLimiter(2, 4), cancel: cancel}, ctx
}

// writeLoop sends queued frames and a ping every 30 seconds until ctx ends.
func (c *client) writeLoop(ctx context.Context) {
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case b := <-c.out:
			wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := c.conn.Write(wctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				c.once.Do(c.cancel)
				return
			}
		case <-ping.C:
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := c.conn.Ping(pctx)
			cancel()
			if err != nil {
				c.once.Do(c.cancel)
				return
			}
		}
	}
}

func (c *client) fail(msg string) { c.send(mustJSON(frame{Type: "error", Message: msg})) }

// readFrames reads client frames until the connection ends, calling handle for each valid one.
func (c *client) readFrames(ctx context.Context, handle func(frame)) {
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return
		}
		f, err := ParseFrame(b)
		if err != nil {
			c.fail("Dit bericht kunnen we niet verwerken.")
			continue
		}
		if f.Type == "typing" {
			if c.typing.Allow() {
				handle(f)
			}
			continue
		}
		if !c.limit.Allow() {
			c.fail("U stuurt te veel berichten achter elkaar. Wacht even.")
			continue
		}
		handle(f)
	}
}

// ServeResident runs a resident's connection: the first frame is hello with the chat token and the last
// sequence number seen; the missed messages follow, then live traffic.
func (h *Hub) ServeResident(ctx context.Context, conn *websocket.Conn) {
	defer conn.CloseNow()
	hctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	_, b, err := conn.Read(hctx)
	cancel()
	if err != nil {
		return
	}
	hello, err := ParseFrame(b)
	if err != nil || hello.Type != "hello" || !looksLikeChatToken(hello.Token) {
		conn.Close(websocket.StatusPolicyViolation, "hello with a chat token first")
		return
	}
	cs, err := h.st.ChatByToken(ctx, auth.HashSecret(hello.Token))
	if err != nil {
		conn.Close(websocket.StatusPolicyViolation, "unknown chat")
		return
	}
	c, ctx := h.newClient(ctx, conn)
	defer c.once.Do(c.cancel)
	c.chat = cs.ConversationID
	// Join before reading the backlog, so nothing committed in between is missed; the client drops
	// sequence numbers it has seen already.
	h.join(c)
	defer h.leave(c)
	go c.writeLoop(ctx)
	if !h.catchUp(ctx, c, cs.ConversationID, hello.After) {
		return
	}
	c.send(mustJSON(h.stateFrame(ctx, cs.ConversationID)))
	c.readFrames(ctx, func(f frame) { h.residentFrame(ctx, c, f) })
}

// catchUp sends the committed messages after seq.
func (h *Hub) catchUp(ctx context.Context, c *client, chat, after int64) bool {
	lines, err := h.st.ChatLinesAfter(ctx, chat, after)
	if err != nil {
		h.log.Error("chat catch-up", "chat", chat, "err", err)
		return false
	}
	for i := range lines {
		c.send(mustJSON(frame{Type: "message", Chat: chat, Line: &lines[i]}))
	}
	return true
}

// stateFrame tells a resident whether the chat waits (with the place in the queue), runs or ended.
func (h *Hub) stateFrame(ctx context.Context, chat int64) frame {
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		return frame{Type: "state", Chat: chat, State: store.ChatEnded}
	}
	f := frame{Type: "state", Chat: chat, State: cs.State}
	if cs.State == store.ChatWaiting {
		f.Position = h.position(chat)
	}
	return f
}

func (h *Hub) residentFrame(ctx context.Context, c *client, f frame) {
	switch f.Type {
	case "message":
		if checkText(f.Text) != nil {
			c.fail("Een bericht is 1 tot 2000 tekens lang.")
			return
		}
		h.post(ctx, c, c.chat, store.ChatLine{Kind: contact.KindIn, Author: "Inwoner", Text: strings.TrimSpace(f.Text)}, f.ID)
	case "typing":
		cs, err := h.st.Chat(ctx, c.chat)
		if err == nil && cs.State == store.ChatActive {
			h.toAgent(cs.AgentID, frame{Type: "typing", Chat: c.chat, Text: truncate(f.Text, 200)})
		}
	case "transcript":
		addr, err := mail.ParseAddress(f.Email)
		if err != nil || addr.Name != "" {
			c.fail("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")
			return
		}
		if err := h.st.MailChatTranscript(ctx, c.chat, addr.Address, h.contact); err != nil {
			h.log.Error("chat transcript", "chat", c.chat, "err", err)
			c.fail("Het verslag kon niet worden verstuurd. Probeer het later nog eens.")
			return
		}
		c.send(mustJSON(frame{Type: "transcript", Chat: c.chat, Message: "We sturen het verslag naar " + addr.Address + "."}))
	case "end":
		h.End(ctx, c.chat, "De inwoner heeft de chat beëindigd.")
	default:
		c.fail("Dit bericht kunnen we niet verwerken.")
	}
}

// post commits a message, then acknowledges it to the sender and sends it to everyone in the chat.
func (h *Hub) post(ctx context.Context, c *client, chat int64, l store.ChatLine, clientID string) {
	l.ClientID = clientID
	line, err := h.st.AddChatLine(ctx, chat, l, h.contact)
	if err != nil {
		if errors.Is(err, contact.ErrInvalid) {
			c.fail("De chat is beëindigd. Uw bericht is niet verstuurd.")
			return
		}
		h.log.Error("chat message", "chat", chat, "err", err)
		c.fail("Uw bericht is niet verstuurd. Probeer het nog eens.")
		return
	}
	c.send(mustJSON(frame{Type: "ack", Chat: chat, ID: clientID, Seq: line.Seq}))
	if line.Duplicate { // resent after a dropped connection: stored and shown already
		return
	}
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		h.log.Error("chat", "chat", chat, "err", err)
	}
	h.broadcast(chat, cs.AgentID, frame{Type: "message", Line: &line})
}

func (h *Hub) toAgent(agentID int64, f frame) {
	b := mustJSON(f)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.agents {
		if c.agent.ID == agentID {
			c.send(b)
		}
	}
}

// End closes a chat for everyone; the closing line is committed like any message.
func (h *Hub) End(ctx context.Context, chat int64, note string) error {
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		return err
	}
	if cs.State == store.ChatEnded {
		return nil
	}
	line, err := h.st.EndChat(ctx, chat, note, h.contact)
	if err != nil {
		return err
	}
	h.broadcast(chat, cs.AgentID, frame{Type: "message", Line: &line})
	h.broadcast(chat, cs.AgentID, frame{Type: "state", State: store.ChatEnded})
	if cs.State == store.ChatWaiting {
		h.RefreshQueue(ctx)
	}
	return nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// looksLikeChatToken checks the shape of a resident's chat token: 43 URL-safe base64 characters (256 bits).
func looksLikeChatToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
