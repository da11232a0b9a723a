package chat

import (
	"context"
	"errors"
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

	mu       sync.Mutex
	sent     int64           // resident: the highest sequence number sent, with nothing missing below it
	state    string          // resident: the chat state last sent
	position int             // resident: the place in the queue last sent
	chats    map[int64]int64 // agent: the chats this console follows -> the highest sequence number sent
	notify   bool            // agent: a console page other than the chat page, which wants only new messages
}

// startAt is where a console starts following a chat it did not follow: the chat page wants the whole
// chat, the other console pages only what comes after now.
func (c *client) startAt(lastSeq int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notify {
		return lastSeq
	}
	return 0
}

// lastLocked is the highest sequence number of chat sent to this client; ok is false when the client does
// not follow the chat. The caller holds c.mu.
func (c *client) lastLocked(chat int64) (seq int64, ok bool) {
	if c.agent.ID == 0 {
		return c.sent, chat == c.chat
	}
	seq, ok = c.chats[chat]
	return seq, ok
}

// last is lastLocked for callers that do not hold c.mu.
func (c *client) last(chat int64) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastLocked(chat)
}

// sendLines sends the lines of chat this client has not had yet, in order, stopping at a gap (a later
// read fills it); lines are in sequence order.
func (c *client) sendLines(chat int64, lines []store.ChatLine) {
	c.mu.Lock()
	defer c.mu.Unlock()
	last, ok := c.lastLocked(chat)
	if !ok {
		return
	}
	for i := range lines {
		if lines[i].Seq <= last {
			continue
		}
		if lines[i].Seq != last+1 {
			break
		}
		c.send(mustJSON(frame{Type: "message", Chat: chat, Line: &lines[i]}))
		last = lines[i].Seq
	}
	if c.agent.ID == 0 {
		c.sent = last
	} else {
		c.chats[chat] = last
	}
}

// follow makes an agent's console follow a chat from sequence number after; false when it did already.
func (c *client) follow(chat, after int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.chats[chat]; ok {
		return false
	}
	c.chats[chat] = after
	return true
}

// unfollow stops an agent's console following an ended chat; false when it did not follow it.
func (c *client) unfollow(chat int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.chats[chat]
	delete(c.chats, chat)
	return ok
}

// sendState tells a resident the chat's state, unless it was told that already.
func (c *client) sendState(f frame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f.State == c.state && (f.State != store.ChatWaiting || f.Position == c.position) {
		return
	}
	c.state, c.position = f.State, f.Position
	c.send(mustJSON(f))
}

// sendPosition tells a waiting resident their place in the queue, unless it was told that already.
func (c *client) sendPosition(pos int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.position == pos {
		return
	}
	c.position = pos
	c.send(mustJSON(frame{Type: "queue", Chat: c.chat, Position: pos}))
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
	ctx, cancelCtx := context.WithCancel(ctx)
	unhook := context.AfterFunc(h.done, cancelCtx) // the hub closing ends the connection too
	cancel := func() { unhook(); cancelCtx() }
	conn.SetReadLimit(MaxFrameBytes)
	return &client{conn: conn, out: make(chan []byte, sendBuffer), limit: rate.NewLimiter(5, 20),
		typing: rate.NewLimiter(2, 4), cancel: cancel, chats: map[int64]int64{}}, ctx
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
	if !h.enter() {
		conn.Close(websocket.StatusGoingAway, "shutting down")
		return
	}
	defer h.conns.Done()
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
	c.chat, c.sent = cs.ConversationID, hello.After
	// Join before reading the backlog, so nothing committed in between is missed; every number is sent once.
	h.join(c)
	defer h.leave(c)
	go c.writeLoop(ctx)
	if !h.catchUp(ctx, c, cs.ConversationID) {
		return
	}
	c.sendState(h.stateFrame(ctx, cs.ConversationID))
	c.readFrames(ctx, func(f frame) { h.residentFrame(ctx, c, f) })
}

// catchUp sends the committed messages of a chat the client follows that it has not had yet.
func (h *Hub) catchUp(ctx context.Context, c *client, chat int64) bool {
	after, ok := c.last(chat)
	if !ok {
		return true
	}
	lines, err := h.st.ChatLinesAfter(ctx, chat, after)
	if err != nil {
		h.log.Error("chat catch-up", "chat", chat, "err", err)
		return false
	}
	c.sendLines(chat, lines)
	return true
}

// stateFrame tells a resident whether the chat waits (with the place in the queue), runs or ended.
func (h *Hub) stateFrame(ctx context.Context, chat int64) frame {
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		return frame{Type: "state", Chat: chat, State: store.ChatEnded}
	}
	return h.stateOf(cs)
}

// stateOf is the state frame of a chat session: the place in the queue while waiting, the agent's first
// name while active.
func (h *Hub) stateOf(cs store.ChatSession) frame {
	f := frame{Type: "state", Chat: cs.ConversationID, State: cs.State}
	switch cs.State {
	case store.ChatWaiting:
		f.Position = h.position(cs.ConversationID)
	case store.ChatActive:
		f.Agent = firstName(cs.AgentName)
	case store.ChatEnded:
		switch {
		case cs.TranscriptTo == "":
		case cs.TranscriptAt.IsZero():
			f.Transcript = "available"
		default:
			f.Transcript = "sent"
		}
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
	case "typing": // that, never what: the agent sees only that the resident types
		h.toFollowers(c.chat, frame{Type: "typing", Chat: c.chat})
		h.announce(ctx, store.ChatNotice{Chat: c.chat, Kind: store.NoticeTypingIn, Origin: h.id})
	case "transcript":
		err := h.MailTranscript(ctx, c.chat)
		switch {
		case errors.Is(err, ErrNotEnded):
			c.fail("U kunt het verslag laten sturen als de chat is beëindigd.")
		case errors.Is(err, ErrNoAddress):
			c.fail("U hebt bij het begin van de chat geen e-mailadres gegeven. Daarom kunnen we geen verslag sturen.")
		case errors.Is(err, ErrTranscriptSent):
			c.fail("Het verslag is al verstuurd. We sturen het maar één keer.")
		case err != nil:
			h.log.Error("chat transcript", "chat", c.chat, "err", err)
			c.fail("Het verslag kon niet worden verstuurd. Probeer het later nog eens.")
		default:
			c.send(mustJSON(frame{Type: "transcript", Chat: c.chat, Transcript: "sent",
				Message: "We sturen het verslag naar het e-mailadres dat u bij het begin gaf."}))
		}
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
	h.deliver(ctx, chat, line.Seq, &line)
}

// ErrNotLive is returned by Say for a chat that is not in progress.
var ErrNotLive = errors.New("chat: the chat is not in progress")

// Say sends an agent's message written outside the chat console (in the inbox) into a chat in progress: it
// is committed and then delivered like any chat message, on this instance and through the notifications on
// the others.
func (h *Hub) Say(ctx context.Context, chat int64, author, text, suggestion string) error {
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		return err
	}
	if cs.State != store.ChatActive {
		return ErrNotLive
	}
	line, err := h.st.AddChatLine(ctx, chat, store.ChatLine{Kind: contact.KindOut, Author: author, Text: text,
		Suggestion: suggestion}, h.contact)
	if err != nil {
		return err
	}
	h.deliver(ctx, chat, line.Seq, &line)
	return nil
}

// toFollowers sends a frame to the agent consoles on this instance that follow a chat.
func (h *Hub) toFollowers(chat int64, f frame) {
	b := mustJSON(f)
	for _, c := range h.following(chat) {
		if c.agent.ID != 0 {
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
	if _, err := h.st.EndChat(ctx, chat, note, h.contact); err != nil {
		return err
	}
	h.syncChat(ctx, chat)
	if cs.State == store.ChatWaiting {
		h.syncQueue(ctx, chat)
	}
	return nil
}

// Reasons a transcript is refused.
var (
	ErrNotEnded       = errors.New("chat: the transcript is sent after the chat ended")
	ErrNoAddress      = errors.New("chat: no e-mail address was given at the start")
	ErrTranscriptSent = errors.New("chat: the transcript was sent already")
)

// MailTranscript queues the transcript of an ended chat to the address the resident gave at the start,
// once per chat: a chat's transcript never goes to an address typed later, and never twice (the store
// marks it in the transaction that queues it, so racing connections or instances send one).
func (h *Hub) MailTranscript(ctx context.Context, chat int64) error {
	cs, err := h.st.Chat(ctx, chat)
	switch {
	case err != nil:
		return err
	case cs.State != store.ChatEnded:
		return ErrNotEnded
	case cs.TranscriptTo == "":
		return ErrNoAddress
	case !cs.TranscriptAt.IsZero():
		return ErrTranscriptSent
	}
	err = h.st.MailChatTranscript(ctx, chat, h.contact)
	if errors.Is(err, store.ErrChatState) {
		return ErrTranscriptSent
	}
	return err
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
