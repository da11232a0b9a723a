// Package chat is loket's live chat: residents talk to agents over WebSockets, every message is committed
// to the store (as a conversation with channel chat, so it shows in the inbox) before anyone sees it, and
// numbered per chat, so a client that reconnects asks for what came after the last number it saw and
// misses nothing.
//
// One Hub per instance holds the open connections: a resident's tabs join the room of their chat; an
// agent's connection gets the queue and follows the chats the agent handles. Every connection remembers the
// last sequence number it was sent per chat, so delivering is idempotent: a hub may be told about a
// message more than once (by its own post, by a notification, by a resync) and sends it once, in order.
//
// With several instances on one PostgreSQL, the store announces every committed change on ChatChannel;
// each instance's hub reads the committed rows and delivers what its own connections have not had yet
// (Notice, Resync). Who is still there comes from the store too: a heartbeat (Run) records the agents and
// residents with a connection open on this instance, and Sweep puts the chats of an agent who left back in
// the queue and expires waiting chats whose resident left.
package chat

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/store"
)

// Limits on what a client may send, because chat payloads come from outside.
const (
	MaxFrameBytes   = 8 << 10 // one frame from a client
	MaxMessageRunes = 2000    // one chat message
	sendBuffer      = 64      // frames queued for a slow client before it is dropped (it reconnects and catches up)
)

// Settings are the chat's opening hours, the number of chats one agent handles at once and the number of
// chats that may wait.
type Settings struct {
	Hours       calendar.Hours
	AlwaysOpen  bool // "altijd": open day and night, for a staffed night service and for tests
	MaxPerAgent int
	MaxWaiting  int // 0: DefaultMaxWaiting
	// Promise is the municipality's answer-time promise for written questions ("binnen 5 werkdagen"),
	// read at each use so that a change in the settings shows at once; nil leaves it out.
	Promise func() string
}

// DefaultMaxWaiting is the queue's length when the settings name none: with three agents handling three
// chats each, the last of 50 waiting residents waits long already; beyond that the contact form is better.
const DefaultMaxWaiting = 50

// How long someone counts as still there after their last connection closed. An agent moving between
// console pages reconnects within a second; an agent gone for AgentGrace has left and their chats go back
// to the queue (within a minute, with the heartbeat). A waiting chat whose resident has had no connection
// for ResidentGrace (the tab was closed) expires, so an abandoned or flooded queue drains.
const (
	AgentGrace    = 40 * time.Second
	ResidentGrace = 3 * time.Minute
	heartbeat     = 10 * time.Second
)

// Availability says whether a resident can start a chat now, and why not.
type Availability struct {
	Open    bool   `json:"open"`
	Reason  string `json:"reason,omitempty"` // closed, no_agent or full
	Message string `json:"message,omitempty"`
	Waiting int    `json:"waiting"`
}

// Suggestion is a knowledge-base answer an agent can send in a chat.
type Suggestion struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Agent is the staff member behind an agent connection.
type Agent struct {
	ID    int64
	Name  string
	Email string
}

// Hub holds this instance's open chat connections and routes committed messages to them.
type Hub struct {
	st      *store.Store
	contact contact.Settings
	set     Settings
	rec     *insight.Recorder
	log     *slog.Logger
	suggest func(text string) ([]Suggestion, error)
	clock   atomic.Pointer[func() time.Time]
	id      string // this hub among the instances: names its typing notices
	shared  bool   // PostgreSQL: other instances may hold connections to the same chats

	queueMu sync.Mutex // one queue change at a time, so a later read is never overtaken by an earlier one

	// Shutdown: done ends every connection's context, conns counts the connections still being served.
	done    context.Context
	stop    context.CancelFunc
	conns   sync.WaitGroup
	closing bool // under mu: no new connections are served

	mu     sync.Mutex
	rooms  map[int64]map[*client]struct{} // chat (conversation id) -> resident connections
	agents map[*client]struct{}           // every agent connection
	queue  []queueItem                    // waiting chats, oldest first, as agents were last told
}

// NewHub builds the hub; suggest finds knowledge-base answers for an agent (nil: none).
func NewHub(st *store.Store, cs contact.Settings, set Settings, rec *insight.Recorder, log *slog.Logger,
	suggest func(string) ([]Suggestion, error)) *Hub {
	if set.MaxPerAgent <= 0 {
		set.MaxPerAgent = 3
	}
	if set.MaxWaiting <= 0 {
		set.MaxWaiting = DefaultMaxWaiting
	}
	h := &Hub{st: st, contact: cs, set: set, rec: rec, log: log, suggest: suggest,
		id: auth.NewSecret()[:22], shared: st.Dialect() == store.Postgres,
		rooms: map[int64]map[*client]struct{}{}, agents: map[*client]struct{}{}}
	h.done, h.stop = context.WithCancel(context.Background())
	h.SetClock(time.Now)
	return h
}

// Close ends every open chat connection and waits until each has finished with the store, so the store can
// be closed after it. Residents and agents reconnect to another instance or after the restart.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closing = true
	h.mu.Unlock()
	h.stop()
	h.conns.Wait()
}

// enter counts a connection in for Close; false once the hub is closing.
func (h *Hub) enter() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return false
	}
	h.conns.Add(1)
	return true
}

// SetClock replaces the hub's clock (time.Now), so tests and simulations can move time instead of waiting.
func (h *Hub) SetClock(now func() time.Time) { h.clock.Store(&now) }

func (h *Hub) now() time.Time { return (*h.clock.Load())() }

// Availability reports whether the chat is open, an agent is there (on any instance, or left less than
// AgentGrace ago) and the queue has room.
func (h *Hub) Availability(ctx context.Context) Availability {
	h.mu.Lock()
	agents, waiting := len(h.agents), len(h.queue)
	h.mu.Unlock()
	if !h.set.AlwaysOpen && !h.set.Hours.Open(h.now()) {
		return Availability{Reason: "closed", Waiting: waiting,
			Message: "De chat is nu gesloten. Stel uw vraag via het contactformulier." + h.promise()}
	}
	if waiting >= h.set.MaxWaiting {
		return Availability{Reason: "full", Waiting: waiting,
			Message: "Er wachten nu te veel mensen op de chat. Stel uw vraag via het contactformulier." + h.promise()}
	}
	if agents == 0 {
		n, err := h.st.ChatAgentsSeen(ctx, h.now().Add(-AgentGrace))
		if err != nil {
			h.log.Error("chat availability", "err", err)
		}
		agents = n
	}
	if agents == 0 {
		return Availability{Reason: "no_agent", Waiting: waiting,
			Message: "Er is nu geen medewerker beschikbaar voor de chat. Stel uw vraag via het contactformulier."}
	}
	return Availability{Open: true, Waiting: waiting}
}

// promise is the answer-time sentence that follows a pointer to the contact form, or "".
func (h *Hub) promise() string {
	if h.set.Promise == nil {
		return ""
	}
	if p := h.set.Promise(); p != "" {
		return " Wij antwoorden " + p + "."
	}
	return ""
}

// ErrQueueFull is returned by Start when the queue holds as many chats as the settings allow.
var ErrQueueFull = errors.New("chat: the queue is full")

// Start opens a chat for a resident: it is committed and queued before this returns; ErrQueueFull when
// the queue is full (the store counts under a lock, so several instances cannot pass the limit together).
func (h *Hub) Start(ctx context.Context, in store.ChatStart, tokenHash string) (store.ChatSession, error) {
	if err := checkText(in.Question); err != nil {
		return store.ChatSession{}, err
	}
	in.ReferencePrefix = h.contact.Mailer.ReferencePrefix()
	cs, err := h.st.StartChat(ctx, in, tokenHash, h.set.MaxWaiting)
	if errors.Is(err, store.ErrQueueFull) {
		return cs, ErrQueueFull
	}
	if err != nil {
		return cs, err
	}
	h.rec.Contact(insight.ChannelChat, "", 0)
	h.syncQueue(ctx, cs.ConversationID)
	return cs, nil
}

// ErrText is returned for a message that is empty, too long or not valid text.
var ErrText = errors.New("chat: a message must be 1 to 2000 characters of text")

func checkText(s string) error {
	s = strings.TrimSpace(s)
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxMessageRunes {
		return ErrText
	}
	return nil
}

// RefreshQueue reads the whole queue, sends it to every agent and tells every waiting resident their place:
// at start and after notices may have been missed. Single changes go through syncQueue.
func (h *Hub) RefreshQueue(ctx context.Context) {
	h.queueMu.Lock()
	defer h.queueMu.Unlock()
	waiting, err := h.st.Chats(ctx, store.ChatWaiting, 0)
	if err != nil {
		h.log.Error("chat queue", "err", err)
		return
	}
	items := make([]queueItem, len(waiting))
	for i, w := range waiting {
		items[i] = itemOf(w)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queue = items
	h.toAgentsLocked(mustJSON(frame{Type: "queue", Queue: items}))
	h.sendPositionsLocked(0)
}

// syncQueue brings one chat's place in this hub's queue in line with the store and sends only that change:
// to agents the chat that joined or left, to waiting residents behind it their new place. Every start,
// accept, end and return calls it, on this instance directly and on the others through the notice.
func (h *Hub) syncQueue(ctx context.Context, chat int64) {
	h.queueMu.Lock()
	defer h.queueMu.Unlock()
	cs, err := h.st.Chat(ctx, chat)
	if err != nil && !errors.Is(err, contact.ErrNotFound) {
		h.log.Error("chat queue", "chat", chat, "err", err)
		return
	}
	waiting := err == nil && cs.State == store.ChatWaiting
	h.mu.Lock()
	defer h.mu.Unlock()
	i := slices.IndexFunc(h.queue, func(q queueItem) bool { return q.Chat == chat })
	switch {
	case waiting && i < 0:
		item := itemOf(cs)
		p, _ := slices.BinarySearchFunc(h.queue, item, queueOrder)
		h.queue = slices.Insert(h.queue, p, item)
		h.toAgentsLocked(mustJSON(frame{Type: "queue-add", Queue: []queueItem{item}, Position: p + 1}))
		h.sendPositionsLocked(p)
	case !waiting && i >= 0:
		h.queue = slices.Delete(h.queue, i, i+1)
		h.toAgentsLocked(mustJSON(frame{Type: "queue-remove", Chat: chat}))
		h.sendPositionsLocked(i)
	}
}

func itemOf(cs store.ChatSession) queueItem {
	return queueItem{Chat: cs.ConversationID, Reference: cs.Reference, Name: cs.PartyName, Since: cs.CreatedAt}
}

// queueOrder is the store's queue order: oldest first, then by id.
func queueOrder(a, b queueItem) int {
	if c := a.Since.Compare(b.Since); c != 0 {
		return c
	}
	return int(a.Chat - b.Chat)
}

// sendPositionsLocked tells the waiting residents from place from+1 on their place; h.mu is held.
func (h *Hub) sendPositionsLocked(from int) {
	for i := from; i < len(h.queue); i++ {
		for c := range h.rooms[h.queue[i].Chat] {
			c.sendPosition(i + 1)
		}
	}
}

func (h *Hub) toAgentsLocked(b []byte) {
	for c := range h.agents {
		c.send(b)
	}
}

// currentQueue is the whole queue as one frame, for a console that just connected.
func (h *Hub) currentQueue() []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return mustJSON(frame{Type: "queue", Queue: h.queue})
}

// position is a chat's place in the queue, 0 when it is not waiting.
func (h *Hub) position(chat int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.IndexFunc(h.queue, func(q queueItem) bool { return q.Chat == chat }) + 1
}

func (h *Hub) join(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.agent.ID != 0 {
		h.agents[c] = struct{}{}
		return
	}
	room := h.rooms[c.chat]
	if room == nil {
		room = map[*client]struct{}{}
		h.rooms[c.chat] = room
	}
	room[c] = struct{}{}
}

func (h *Hub) leave(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.agent.ID != 0 {
		delete(h.agents, c)
		return
	}
	delete(h.rooms[c.chat], c)
	if len(h.rooms[c.chat]) == 0 {
		delete(h.rooms, c.chat)
	}
}

// Connections counts the open connections of this instance: residents and agents.
func (h *Hub) Connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := len(h.agents)
	for _, room := range h.rooms {
		n += len(room)
	}
	return n
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own frame types are marshalled
	}
	return b
}

// MaxPerAgent is the number of chats one agent handles at once.
func (h *Hub) MaxPerAgent() int { return h.set.MaxPerAgent }
