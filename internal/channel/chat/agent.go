package chat

import (
	"context"
	"errors"
	"strings"

	"github.com/coder/websocket"

	"loket/internal/contact"
	"loket/internal/store"
)

// ServeAgent runs an agent's console connection: the queue, the agent's chats and their messages. The
// caller has checked the agent's role. The first frame is hello with the last sequence seen per chat, or
// with mode "notify" from a console page other than the chat page: that connection keeps the agent
// available and gets the queue and only new messages, for the page's counters and notifications.
func (h *Hub) ServeAgent(ctx context.Context, conn *websocket.Conn, agent Agent) {
	defer conn.CloseNow()
	if !h.enter() {
		conn.Close(websocket.StatusGoingAway, "shutting down")
		return
	}
	defer h.conns.Done()
	c, ctx := h.newClient(ctx, conn)
	defer c.once.Do(c.cancel)
	c.agent = agent
	h.join(c)
	h.markAgent(ctx, agent.ID)
	defer h.markAgent(ctx, agent.ID) // after leave: the grace period counts from the last connection closing
	defer h.leave(c)
	go c.writeLoop(ctx)
	c.send(h.currentQueue())
	c.readFrames(ctx, func(f frame) { h.agentFrame(ctx, c, f) })
}

func (h *Hub) agentFrame(ctx context.Context, c *client, f frame) {
	if f.Type == "hello" {
		h.agentHello(ctx, c, f)
		return
	}
	if f.Type == "accept" {
		h.accept(ctx, c, f.Chat)
		return
	}
	cs, err := h.st.Chat(ctx, f.Chat)
	if err != nil || cs.AgentID != c.agent.ID || cs.State != store.ChatActive {
		c.fail("Deze chat is niet (meer) van u.")
		return
	}
	switch f.Type {
	case "message":
		if checkText(f.Text) != nil {
			c.fail("Een bericht is 1 tot 2000 tekens lang.")
			return
		}
		h.post(ctx, c, f.Chat, store.ChatLine{Kind: contact.KindOut, Author: c.agent.Name, Text: strings.TrimSpace(f.Text),
			Suggestion: f.Suggestion}, f.ID)
	case "typing":
		h.broadcastResidents(f.Chat, frame{Type: "typing", Chat: f.Chat})
		h.announce(ctx, store.ChatNotice{Chat: f.Chat, Kind: store.NoticeTypingOut, Origin: h.id})
	case "suggest":
		h.sendSuggestions(ctx, c, f)
	case "end":
		if err := h.End(ctx, f.Chat, "De medewerker heeft de chat beëindigd."); err != nil {
			h.log.Error("end chat", "chat", f.Chat, "err", err)
		}
	default:
		c.fail("Dit bericht kunnen we niet verwerken.")
	}
}

// agentHello sends the agent's chats and what the agent missed in each.
func (h *Hub) agentHello(ctx context.Context, c *client, f frame) {
	c.mu.Lock()
	c.notify = f.Mode == "notify"
	c.mu.Unlock()
	mine, err := h.st.Chats(ctx, store.ChatActive, c.agent.ID)
	if err != nil {
		h.log.Error("agent chats", "err", err)
		return
	}
	items := make([]chatItem, 0, len(mine))
	for _, cs := range mine {
		items = append(items, chatItem{Chat: cs.ConversationID, Reference: cs.Reference, Name: cs.PartyName, LastSeq: cs.LastSeq})
	}
	c.send(mustJSON(frame{Type: "chats", Chats: items}))
	for _, cs := range mine {
		after := f.AfterChats[itoa(cs.ConversationID)]
		if f.Mode == "notify" {
			after = cs.LastSeq
		}
		c.follow(cs.ConversationID, after)
		h.catchUp(ctx, c, cs.ConversationID)
	}
}

func (h *Hub) accept(ctx context.Context, c *client, chat int64) {
	err := h.st.AcceptChat(ctx, chat, c.agent.ID, h.set.MaxPerAgent)
	switch {
	case errors.Is(err, store.ErrChatFull):
		c.fail("U hebt al het maximum aantal chats open. Sluit eerst een chat.")
		return
	case errors.Is(err, store.ErrChatTaken):
		c.fail("Een collega heeft deze chat al aangenomen.")
		return
	case err != nil:
		h.log.Error("accept chat", "chat", chat, "err", err)
		c.fail("De chat kon niet worden aangenomen.")
		return
	}
	h.syncChat(ctx, chat) // every console of the agent follows it; the resident hears who helps
	h.syncQueue(ctx, chat)
}

func (h *Hub) sendSuggestions(ctx context.Context, c *client, f frame) {
	if h.suggest == nil {
		return
	}
	lines, err := h.st.ChatLinesAfter(ctx, f.Chat, 0)
	if err != nil {
		return
	}
	var question strings.Builder
	for _, l := range lines {
		if l.Kind == contact.KindIn {
			question.WriteString(l.Text + "\n")
		}
	}
	items, err := h.suggest(question.String())
	if err != nil {
		h.log.Error("chat suggestions", "err", err)
		return
	}
	c.send(mustJSON(frame{Type: "suggestions", Chat: f.Chat, Items: items}))
}

func (h *Hub) broadcastResidents(chat int64, f frame) {
	f.Chat = chat
	b := mustJSON(f)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.rooms[chat] {
		c.send(b)
	}
}

// firstName is what a resident sees of the agent: the first name only.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return "Een medewerker"
}
