package chat

import (
	"context"
	"math"

	"loket/internal/store"
)

// following lists this instance's connections that follow a chat: the resident's tabs and the consoles
// of the agent handling it.
func (h *Hub) following(chat int64) []*client {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*client
	for c := range h.rooms[chat] {
		out = append(out, c)
	}
	for c := range h.agents {
		if _, ok := c.last(chat); ok {
			out = append(out, c)
		}
	}
	return out
}

// deliver sends every following connection the committed messages of a chat up to upTo that it has not had
// yet. line, when given, is the newest one, just committed here: a connection for which it is next gets it
// without a read; the rest are caught up from the store.
func (h *Hub) deliver(ctx context.Context, chat, upTo int64, line *store.ChatLine) {
	var behind []*client
	from := int64(math.MaxInt64)
	for _, c := range h.following(chat) {
		if line != nil {
			c.sendLines(chat, []store.ChatLine{*line})
		}
		if last, ok := c.last(chat); ok && last < upTo {
			behind = append(behind, c)
			from = min(from, last)
		}
	}
	if len(behind) == 0 {
		return
	}
	lines, err := h.st.ChatLinesAfter(ctx, chat, from)
	if err != nil {
		h.log.Error("chat delivery", "chat", chat, "err", err)
		return
	}
	for _, c := range behind {
		c.sendLines(chat, lines)
	}
}

// syncChat brings this instance's connections to a chat in line with the store: the agent's consoles follow
// an active chat, everyone gets the messages they miss, residents get the state, and an ended chat is
// closed in the consoles.
func (h *Hub) syncChat(ctx context.Context, chat int64) {
	cs, err := h.st.Chat(ctx, chat)
	if err != nil {
		h.log.Error("chat sync", "chat", chat, "err", err)
		return
	}
	if cs.State == store.ChatActive {
		item := mustJSON(frame{Type: "chats", Chats: []chatItem{{Chat: chat, Reference: cs.Reference, Name: cs.PartyName}}})
		for _, c := range h.consolesOf(cs.AgentID) {
			if c.follow(chat, c.startAt(cs.LastSeq)) {
				c.send(item)
			}
		}
	}
	h.deliver(ctx, chat, cs.LastSeq, nil)
	state := h.stateOf(cs)
	for _, c := range h.following(chat) {
		switch {
		case c.agent.ID == 0:
			c.sendState(state)
		case cs.State != store.ChatActive && c.unfollow(chat): // ended, or back in the queue
			c.send(mustJSON(frame{Type: "state", Chat: chat, State: cs.State}))
		}
	}
}

// consolesOf lists this instance's connections of one agent (the console may be open in several tabs).
func (h *Hub) consolesOf(agentID int64) []*client {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*client
	for c := range h.agents {
		if c.agent.ID == agentID && agentID != 0 {
			out = append(out, c)
		}
	}
	return out
}

// announce tells the other instances about something that is not stored, such as typing.
func (h *Hub) announce(ctx context.Context, n store.ChatNotice) {
	if !h.shared {
		return
	}
	if err := h.st.NotifyChat(ctx, n); err != nil {
		h.log.Warn("chat notice", "chat", n.Chat, "kind", n.Kind, "err", err)
	}
}

// Notice handles a notification on store.ChatChannel, from this instance or another: it delivers to this
// instance's connections what they have not had yet. Notices arrive in commit order.
func (h *Hub) Notice(ctx context.Context, payload string) {
	n, err := store.ParseChatNotice(payload)
	if err != nil {
		h.log.Warn("chat notice", "err", err)
		return
	}
	switch n.Kind {
	case store.NoticeMessage:
		h.deliver(ctx, n.Chat, n.Seq, nil)
	case store.NoticeStarted:
		h.syncQueue(ctx, n.Chat)
	case store.NoticeAccepted, store.NoticeEnded, store.NoticeReturned:
		h.syncQueue(ctx, n.Chat)
		h.syncChat(ctx, n.Chat)
	case store.NoticeTypingIn:
		if n.Origin != h.id { // the text stays on the instance it was typed on
			h.toFollowers(n.Chat, frame{Type: "typing", Chat: n.Chat})
		}
	case store.NoticeTypingOut:
		if n.Origin != h.id {
			h.broadcastResidents(n.Chat, frame{Type: "typing"})
		}
	}
}

// Resync brings every connection of this instance in line with the store, for when notices may have been
// missed (the listener connected or reconnected).
func (h *Hub) Resync(ctx context.Context) error {
	chats := map[int64]bool{}
	agentIDs := map[int64]bool{}
	h.mu.Lock()
	for chat := range h.rooms {
		chats[chat] = true
	}
	agents := make([]*client, 0, len(h.agents))
	for c := range h.agents {
		agents = append(agents, c)
		agentIDs[c.agent.ID] = true
	}
	h.mu.Unlock()
	for _, c := range agents {
		c.mu.Lock()
		for chat := range c.chats {
			chats[chat] = true
		}
		c.mu.Unlock()
	}
	for id := range agentIDs { // chats accepted through another instance while notices were missed
		mine, err := h.st.Chats(ctx, store.ChatActive, id)
		if err != nil {
			return err
		}
		for _, cs := range mine {
			chats[cs.ConversationID] = true
		}
	}
	for chat := range chats {
		h.syncChat(ctx, chat)
	}
	h.RefreshQueue(ctx)
	return ctx.Err()
}
