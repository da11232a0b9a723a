package chat

import (
	"context"
	"errors"
	"time"

	"loket/internal/store"
)

// Run keeps this instance's connections counted as present (a heartbeat every 10 seconds) and sweeps the
// chats of people who left, until ctx ends. It runs on every instance; the sweep's changes are
// conditional in the store, so two instances sweeping at once change a chat once.
func (h *Hub) Run(ctx context.Context) {
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := h.Sweep(ctx); err != nil && ctx.Err() == nil {
				h.log.Error("chat sweep", "err", err)
			}
		}
	}
}

// markPresent records, at the hub's time, the agents and residents with a connection open on this
// instance, so every instance knows they are still there.
func (h *Hub) markPresent(ctx context.Context) error {
	h.mu.Lock()
	seen := map[int64]bool{}
	var agents, chats []int64
	for c := range h.agents {
		if !seen[c.agent.ID] {
			seen[c.agent.ID] = true
			agents = append(agents, c.agent.ID)
		}
	}
	for chat := range h.rooms {
		chats = append(chats, chat)
	}
	h.mu.Unlock()
	at := h.now()
	return errors.Join(h.st.MarkAgentsSeen(ctx, agents, at), h.st.MarkChatsSeen(ctx, chats, at))
}

// markAgent records that an agent's connection was open just now: when it opens, so the chat is available
// at once, and when it closes, so the grace period counts from then.
func (h *Hub) markAgent(ctx context.Context, id int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := h.st.MarkAgentsSeen(ctx, []int64{id}, h.now()); err != nil {
		h.log.Error("chat presence", "agent", id, "err", err)
	}
}

// Sweep first records this instance's connections as present, then puts every active chat whose agent
// has had no console open on any instance for AgentGrace back in the queue (the resident is told), and
// ends every waiting chat whose resident has had no connection for ResidentGrace. Run calls it every
// heartbeat; a test moves the clock and calls it.
func (h *Hub) Sweep(ctx context.Context) error {
	if err := h.markPresent(ctx); err != nil {
		return err
	}
	now := h.now()
	orphans, err := h.st.OrphanedChats(ctx, now.Add(-AgentGrace))
	if err != nil {
		return err
	}
	for _, cs := range orphans {
		note := firstName(cs.AgentName) + " is niet meer bereikbaar. U staat weer in de wachtrij. Een collega helpt u zo snel mogelijk."
		if _, err := h.st.ReturnChat(ctx, cs.ConversationID, cs.AgentID, note); err != nil {
			if errors.Is(err, store.ErrChatState) {
				continue // accepted, ended or returned meanwhile, perhaps by another instance
			}
			return err
		}
		h.log.Info("chat back in the queue: the agent left", "chat", cs.ConversationID, "agent", cs.AgentID)
		h.syncQueue(ctx, cs.ConversationID)
		h.syncChat(ctx, cs.ConversationID)
	}
	stale, err := h.st.StaleWaitingChats(ctx, now.Add(-ResidentGrace), 500)
	if err != nil {
		return err
	}
	for _, chat := range stale {
		_, err := h.st.ExpireChat(ctx, chat, now.Add(-ResidentGrace),
			"De chat is gesloten, omdat u niet meer verbonden was. U kunt een nieuwe chat beginnen of het contactformulier gebruiken.", h.contact)
		if errors.Is(err, store.ErrChatState) {
			continue
		}
		if err != nil {
			return err
		}
		h.syncQueue(ctx, chat)
		h.syncChat(ctx, chat)
	}
	return nil
}
