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
// (Notice, Resync). Agent availability then comes from presence rows with a heartbeat (Run).
package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
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

// Settings are the chat's opening hours and the number of chats one agent handles at once.
type Settings struct {
	Hours       calendar.Hours
	AlwaysOpen  bool // "altijd": open day and night, for a staffed night service and for tests
	MaxPerAgent int
}

// Availability says whether a resident can start a chat now, and why not.
type Availability struct {
	Open    bool   `json:"open"`
	Reason  string `json:"reason,omitempty"` // closed or no_agent
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
	now     func() time.Time
	id      string // this hub among the instances: names its presence rows and its typing notices
	shared  bool   // PostgreSQL: other instances may hold connections to the same chats

	refreshMu  sync.Mutex // one queue refresh at a time, so a later read is never overtaken by an earlier one
	presenceMu sync.Mutex // one presence write at a time, so the rows follow the latest count

	mu         sync.Mutex
	rooms      map[int64]map[*client]struct{} // chat (conversation id) -> resident connections
	agents     map[*client]struct{}           // every agent connection
	queue      []int64                        // waiting chats, oldest first
	queueFrame []byte                         // the queue as last sent to agents
}

// NewHub builds the hub; suggest finds knowledge-base answers for an agent (nil: none).
func NewHub(st *store.Store, cs contact.Settings, set Settings, rec *insight.Recorder, log *slog.Logger,
	suggest func(string) ([]Suggestion, error)) *Hub {
	if set.MaxPerAgent <= 0 {
		set.MaxPerAgent = 3
	}
	return &Hub{st: st, contact: cs, set: set, rec: rec, log: log, suggest: suggest, now: time.Now,
		id: auth.NewSecret()[:22], shared: st.Dialect() == store.Postgres,
		rooms: map[int64]map[*client]struct{}{}, agents: map[*client]struct{}{}}
}

// Availability reports whether the chat is open and an agent is online, on any instance.
func (h *Hub) Availability(ctx context.Context) Availability {
	h.mu.Lock()
	agents, waiting := len(h.agents), len(h.queue)
	h.mu.Unlock()
	if !h.set.AlwaysOpen && !h.set.Hours.Open(h.now()) {
		return Availability{Reason: "closed", Waiting: waiting,
			Message: "De chat is nu gesloten. Stel uw vraag via het contactformulier. Wij antwoorden binnen 1 werkdag."}
	}
	if h.shared {
		n, err := h.st.ChatAgentsOnline(ctx, time.Now().Add(-presenceLease))
		if err != nil {
			h.log.Error("chat availability", "err", err)
		}
		agents = n
	}
	switch {
	case agents == 0:
		return Availability{Reason: "no_agent", Waiting: waiting,
			Message: "Er is nu geen medewerker beschikbaar voor de chat. Stel uw vraag via het contactformulier."}
	}
	return Availability{Open: true, Waiting: waiting}
}

// Start opens a chat for a resident: it is committed and queued before this returns.
func (h *Hub) Start(ctx context.Context, in store.ChatStart, tokenHash string) (store.ChatSession, error) {
	if err := checkText(in.Question); err != nil {
		return store.ChatSession{}, err
	}
	cs, err := h.st.StartChat(ctx, in, tokenHash)
	if err != nil {
		return cs, err
	}
	h.rec.Contact(insight.ChannelChat, "", 0)
	h.RefreshQueue(ctx)
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

// RefreshQueue reads the waiting chats and tells every waiting resident their place and every agent the
// queue, each only when it changed.
func (h *Hub) RefreshQueue(ctx context.Context) {
	h.refreshMu.Lock()
	defer h.refreshMu.Unlock()
	waiting, err := h.st.Chats(ctx, store.ChatWaiting, 0)
	if err != nil {
		h.log.Error("chat queue", "err", err)
		return
	}
	ids := make([]int64, len(waiting))
	items := make([]queueItem, len(waiting))
	for i, w := range waiting {
		ids[i] = w.ConversationID
		items[i] = queueItem{Chat: w.ConversationID, Reference: w.Reference, Name: w.PartyName, Since: w.CreatedAt}
	}
	agentFrame := mustJSON(frame{Type: "queue", Queue: items})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queue = ids
	for i, id := range ids {
		for c := range h.rooms[id] {
			c.sendPosition(i + 1)
		}
	}
	if bytes.Equal(agentFrame, h.queueFrame) {
		return
	}
	h.queueFrame = agentFrame
	for c := range h.agents {
		c.send(agentFrame)
	}
}

// currentQueue is the queue frame agents were last sent, for a console that just connected.
func (h *Hub) currentQueue() []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.queueFrame == nil {
		return mustJSON(frame{Type: "queue"})
	}
	return h.queueFrame
}

// position is a chat's place in the queue, 0 when it is not waiting.
func (h *Hub) position(chat int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if i := slices.Index(h.queue, chat); i >= 0 {
		return i + 1
	}
	return 0
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
