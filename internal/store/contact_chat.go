package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
)

// Chat session states.
const (
	ChatWaiting = "waiting" // in the queue, no agent yet
	ChatActive  = "active"  // an agent handles it
	ChatEnded   = "ended"
)

// ErrChatFull is returned when an agent already handles as many chats as the limit allows.
var ErrChatFull = errors.New("store: the agent handles the maximum number of chats")

// ErrChatTaken is returned when another agent accepted the chat first, or it ended.
var ErrChatTaken = errors.New("store: the chat is no longer waiting")

// ChatSession is one live chat: a conversation with channel chat and its queue state.
type ChatSession struct {
	ConversationID int64
	Reference      string
	PartyName      string
	State          string
	AgentID        int64
	LastSeq        int64
	AgentName      string // the agent's name as staff know it ("" when none or not filled in)
	CreatedAt      time.Time
	AcceptedAt     time.Time
	TranscriptTo   string    // the address given at the start: the only one the transcript may go to
	TranscriptAt   time.Time // when the transcript was queued (zero: not yet)
}

// ChatLine is one committed chat message with its sequence number within the chat.
type ChatLine struct {
	Seq        int64     `json:"seq"`
	MessageID  int64     `json:"-"`
	Kind       string    `json:"kind"` // in (resident), out (agent), auto (loket)
	Author     string    `json:"author"`
	Text       string    `json:"text"`
	Suggestion string    `json:"suggestion,omitempty"`
	At         time.Time `json:"at"`
	File       *ChatFile `json:"file,omitempty"` // a file or photo the resident sent with this line
	ClientID   string    `json:"-"`              // the sender's id of the message, so a resent message is stored once
	Duplicate  bool      `json:"-"`              // this client id was stored before; nothing new was committed
}

// ChatFile names the file of a chat line; its bytes are read as a conversation attachment.
type ChatFile struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"type"`
	Size        int64  `json:"size"`
}

// ChatStart is what a resident gives when opening a chat; everything is optional but the question.
type ChatStart struct {
	Name, Email, Question string
	ReferencePrefix       string // the municipality's, for the conversation's reference
	Owner                 string // the logged-in person who starts it (identity's owner hash), linked in the same transaction; "" for nobody
}

const chatColumns = `s.conversation_id, c.reference, p.name, s.state, COALESCE(s.agent_id, 0), COALESCE(u.name, ''), s.last_seq,
	s.created_at, s.accepted_at, s.transcript_to, s.transcript_at
	FROM contact_chat_sessions s JOIN contact_conversations c ON c.id = s.conversation_id JOIN contact_parties p ON p.id = c.party_id
	LEFT JOIN staff_users u ON u.id = s.agent_id`

func scanChat(row scanner) (ChatSession, error) {
	var cs ChatSession
	var accepted, transcript sql.NullTime
	err := row.Scan(&cs.ConversationID, &cs.Reference, &cs.PartyName, &cs.State, &cs.AgentID, &cs.AgentName, &cs.LastSeq,
		&cs.CreatedAt, &accepted, &cs.TranscriptTo, &transcript)
	if errors.Is(err, sql.ErrNoRows) {
		return cs, contact.ErrNotFound
	}
	cs.AcceptedAt, cs.TranscriptAt = accepted.Time, transcript.Time
	return cs, err
}

// ErrQueueFull is returned by StartChat when as many chats wait as the limit allows.
var ErrQueueFull = errors.New("store: the chat queue is full")

// StartChat opens a chat conversation in the queue, identified by the hash of the resident's token; the
// question is the chat's first message. With maxWaiting > 0 it refuses (ErrQueueFull) when that many chats
// wait already, counted under a lock so concurrent starts on several instances cannot pass it together.
func (s *Store) StartChat(ctx context.Context, in ChatStart, tokenHash string, maxWaiting int) (ChatSession, error) {
	question := strings.TrimSpace(in.Question)
	if question == "" {
		return ChatSession{}, fmt.Errorf("%w: empty question", contact.ErrInvalid)
	}
	var cs ChatSession
	err := s.InTx(ctx, func(tx *Tx) error {
		if maxWaiting > 0 {
			if err := s.lockChatQueueTx(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM contact_chat_sessions WHERE state = ?`, ChatWaiting).Scan(&n); err != nil {
				return err
			}
			if n >= maxWaiting {
				return ErrQueueFull
			}
		}
		var partyID int64
		var err error
		if strings.TrimSpace(in.Email) == "" {
			partyID, err = s.anonymousParty(ctx, tx, strings.TrimSpace(in.Name))
		} else {
			partyID, err = s.partyFor(ctx, tx, "email", in.Email, strings.TrimSpace(in.Name))
		}
		if err != nil {
			return fmt.Errorf("party: %w", err)
		}
		at := s.now()
		subject, _, _ := strings.Cut(question, "\n")
		c, err := s.startConversation(ctx, tx, contact.Inbound{Channel: contact.ChannelChat, Name: in.Name, Email: in.Email,
			Subject: truncateRunes(subject, 120)}, partyID, at, in.ReferencePrefix)
		if err != nil {
			return err
		}
		if in.Owner != "" {
			if err := linkConversationTx(ctx, tx, c.ID, in.Owner, at); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contact_chat_sessions (conversation_id, token_hash, state, created_at, transcript_to,
			resident_seen_at) VALUES (?, ?, ?, ?, ?, ?)`, c.ID, tokenHash, ChatWaiting, at, strings.TrimSpace(in.Email), at); err != nil {
			return err
		}
		first, err := s.addChatLineTx(ctx, tx, c.ID, ChatLine{Kind: contact.KindIn, Author: in.Name, Text: question}, at)
		if err != nil {
			return err
		}
		if err := s.notifyChatTx(ctx, tx, ChatNotice{Chat: c.ID, Kind: NoticeStarted, Seq: first.Seq}); err != nil {
			return err
		}
		cs, err = scanChat(tx.QueryRow(ctx, `SELECT `+chatColumns+` WHERE s.conversation_id = ?`, c.ID))
		return err
	})
	return cs, err
}

// ChatByToken finds the chat of a resident's token hash.
func (s *Store) ChatByToken(ctx context.Context, tokenHash string) (ChatSession, error) {
	return scanChat(s.QueryRow(ctx, `SELECT `+chatColumns+` WHERE s.token_hash = ?`, tokenHash))
}

// Chat returns the chat session of a conversation.
func (s *Store) Chat(ctx context.Context, conversationID int64) (ChatSession, error) {
	return scanChat(s.QueryRow(ctx, `SELECT `+chatColumns+` WHERE s.conversation_id = ?`, conversationID))
}

// Chats lists the chats in a state, oldest first (the queue order); agentID > 0 narrows to one agent.
func (s *Store) Chats(ctx context.Context, state string, agentID int64) ([]ChatSession, error) {
	q, args := `SELECT `+chatColumns+` WHERE s.state = ?`, []any{state}
	if agentID > 0 {
		q, args = q+` AND s.agent_id = ?`, append(args, agentID)
	}
	rows, err := s.Query(ctx, q+` ORDER BY s.created_at, s.conversation_id LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []ChatSession
	for rows.Next() {
		cs, err := scanChat(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, cs)
	}
	return list, rows.Err()
}

// AddChatLine commits one chat message and returns it with its sequence number. Only after this returns
// may the message be acknowledged or shown to anyone.
func (s *Store) AddChatLine(ctx context.Context, conversationID int64, l ChatLine, set contact.Settings) (ChatLine, error) {
	if strings.TrimSpace(l.Text) == "" {
		return l, fmt.Errorf("%w: empty message", contact.ErrInvalid)
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		var err error
		if l, err = s.addChatLineTx(ctx, tx, conversationID, l, at); err != nil {
			return err
		}
		if l.Duplicate {
			return nil
		}
		if err := s.notifyChatTx(ctx, tx, ChatNotice{Chat: conversationID, Kind: NoticeMessage, Seq: l.Seq}); err != nil {
			return err
		}
		if l.Kind != contact.KindOut {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE contact_conversations SET first_response_at = COALESCE(first_response_at, ?) WHERE id = ?`, at, conversationID)
		return err
	})
	return l, err
}

// addChatLineTx numbers the message by raising the session's last_seq; the row lock this takes orders the
// messages of one chat the same way in both dialects.
func (s *Store) addChatLineTx(ctx context.Context, tx *Tx, conversationID int64, l ChatLine, at time.Time) (ChatLine, error) {
	var clientID any
	if l.ClientID != "" {
		clientID = l.ClientID
		prev := l
		err := tx.QueryRow(ctx, `SELECT seq, id, created_at FROM contact_messages WHERE conversation_id = ? AND client_id = ?`,
			conversationID, l.ClientID).Scan(&prev.Seq, &prev.MessageID, &prev.At)
		if err == nil {
			prev.Duplicate = true
			return prev, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return l, err
		}
	}
	err := tx.QueryRow(ctx, `UPDATE contact_chat_sessions SET last_seq = last_seq + 1 WHERE conversation_id = ? AND state <> ?
		RETURNING last_seq`, conversationID, ChatEnded).Scan(&l.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("%w: the chat has ended", contact.ErrInvalid)
	}
	if err != nil {
		return l, err
	}
	l.At = at
	err = tx.QueryRow(ctx, `INSERT INTO contact_messages (conversation_id, kind, channel, author, body, suggestion_used, seq,
		client_id, automatic, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, conversationID, l.Kind, contact.ChannelChat,
		truncateRunes(l.Author, 200), l.Text, l.Suggestion, l.Seq, clientID, l.Kind == contact.KindAuto, at).Scan(&l.MessageID)
	if err != nil {
		return l, fmt.Errorf("chat message: %w", err)
	}
	_, err = tx.Exec(ctx, `UPDATE contact_conversations SET updated_at = ? WHERE id = ?`, at, conversationID)
	return l, err
}

// ChatLinesAfter returns the messages of a chat with a sequence number above after, in order: what a
// reconnecting client missed.
func (s *Store) ChatLinesAfter(ctx context.Context, conversationID, after int64) ([]ChatLine, error) {
	rows, err := s.Query(ctx, `SELECT `+chatLineColumns+` WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT 2000`,
		conversationID, after)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanChatLine)
}

// A chat line has at most one attachment: the file the resident sent.
const chatLineColumns = `m.seq, m.id, m.kind, m.author, m.body, m.suggestion_used, m.created_at,
	COALESCE(a.id, 0), COALESCE(a.filename, ''), COALESCE(a.content_type, ''), COALESCE(a.size, 0)
	FROM contact_messages m LEFT JOIN contact_attachments a ON a.message_id = m.id`

func scanChatLine(row scanner) (ChatLine, error) {
	var l ChatLine
	var f ChatFile
	err := row.Scan(&l.Seq, &l.MessageID, &l.Kind, &l.Author, &l.Text, &l.Suggestion, &l.At, &f.ID, &f.Name, &f.ContentType, &f.Size)
	if f.ID != 0 {
		l.File = &f
	}
	return l, err
}

// ErrChatFiles is returned by AddChatFile when the chat holds as many files of a kind as the limit allows.
var ErrChatFiles = errors.New("store: the chat holds the maximum number of files")

// AddChatFile commits a chat line with a file (from the resident or the agent, by the line's kind) as an
// attachment of the conversation, unless the chat already holds maxFiles files of that kind.
func (s *Store) AddChatFile(ctx context.Context, conversationID int64, l ChatLine, f contact.Attachment, maxFiles int) (ChatLine, error) {
	err := s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM contact_attachments a JOIN contact_messages m ON m.id = a.message_id
			WHERE m.conversation_id = ? AND m.kind = ?`, conversationID, l.Kind).Scan(&n); err != nil {
			return err
		}
		if n >= maxFiles {
			return ErrChatFiles
		}
		var err error
		if l, err = s.addChatLineTx(ctx, tx, conversationID, l, s.now()); err != nil {
			return err
		}
		if l.Duplicate {
			return nil
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO contact_attachments (message_id, filename, content_type, size, data)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, l.MessageID, f.Filename, f.ContentType, len(f.Data), f.Data).Scan(&id); err != nil {
			return fmt.Errorf("chat file: %w", err)
		}
		l.File = &ChatFile{ID: id, Name: f.Filename, ContentType: f.ContentType, Size: int64(len(f.Data))}
		return s.notifyChatTx(ctx, tx, ChatNotice{Chat: conversationID, Kind: NoticeMessage, Seq: l.Seq})
	})
	return l, err
}

// AcceptChat gives a waiting chat to an agent, unless the agent already handles limit chats.
func (s *Store) AcceptChat(ctx context.Context, conversationID, agentID int64, limit int) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM contact_chat_sessions WHERE agent_id = ? AND state = ?`,
			agentID, ChatActive).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			return ErrChatFull
		}
		at := s.now()
		res, err := tx.Exec(ctx, `UPDATE contact_chat_sessions SET state = ?, agent_id = ?, accepted_at = ?
			WHERE conversation_id = ? AND state = ?`, ChatActive, agentID, at, conversationID, ChatWaiting)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			return errors.Join(err, ErrChatTaken)
		}
		if _, err = tx.Exec(ctx, `UPDATE contact_conversations SET assignee_id = ?, state = ?, updated_at = ? WHERE id = ?`,
			agentID, contact.StateOpen, at, conversationID); err != nil {
			return err
		}
		return s.notifyChatTx(ctx, tx, ChatNotice{Chat: conversationID, Kind: NoticeAccepted})
	})
}

// EndChat closes a chat and its conversation; a last automatic line says who ended it.
func (s *Store) EndChat(ctx context.Context, conversationID int64, note string, set contact.Settings) (ChatLine, error) {
	var l ChatLine
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		l, err = s.endChatTx(ctx, tx, conversationID, note, s.now(), set)
		return err
	})
	return l, err
}

func (s *Store) endChatTx(ctx context.Context, tx *Tx, conversationID int64, note string, at time.Time, set contact.Settings) (ChatLine, error) {
	l, err := s.addChatLineTx(ctx, tx, conversationID, ChatLine{Kind: contact.KindAuto, Author: "loket", Text: note}, at)
	if err != nil {
		return l, err
	}
	if _, err := tx.Exec(ctx, `UPDATE contact_chat_sessions SET state = ?, ended_at = ? WHERE conversation_id = ?`,
		ChatEnded, at, conversationID); err != nil {
		return l, err
	}
	if err := s.notifyChatTx(ctx, tx, ChatNotice{Chat: conversationID, Kind: NoticeEnded, Seq: l.Seq}); err != nil {
		return l, err
	}
	c, err := s.conversationTx(ctx, tx, conversationID)
	if err != nil {
		return l, err
	}
	return l, s.setStateTx(ctx, tx, c, contact.StateClosed, at, set)
}

// ErrChatState is returned when a chat is not (or no longer) in the state an operation needs.
var ErrChatState = errors.New("store: the chat is not in the state this needs")

// MailChatTranscript puts the transcript of an ended chat in the outbox, addressed to the address given at
// the start, and marks it sent in the same transaction: a second call (from any connection or instance)
// finds it marked and returns ErrChatState, as does a chat that has not ended or has no address.
func (s *Store) MailChatTranscript(ctx context.Context, conversationID int64, set contact.Settings) error {
	return s.InTx(ctx, func(tx *Tx) error {
		at := s.now()
		var to string
		err := tx.QueryRow(ctx, `UPDATE contact_chat_sessions SET transcript_at = ? WHERE conversation_id = ? AND state = ?
			AND transcript_to <> '' AND transcript_at IS NULL RETURNING transcript_to`, at, conversationID, ChatEnded).Scan(&to)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrChatState
		}
		if err != nil {
			return err
		}
		lines, err := chatLinesTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		c, err := s.conversationTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		_, err = s.enqueueMail(ctx, tx, c, contact.KindAuto, "loket", chatTranscriptMail(set.Mailer, c, lines, to), "", at)
		return err
	})
}

func chatLinesTx(ctx context.Context, tx *Tx, conversationID int64) ([]ChatLine, error) {
	rows, err := tx.Query(ctx, `SELECT seq, id, kind, author, body, suggestion_used, created_at FROM contact_messages
		WHERE conversation_id = ? AND seq IS NOT NULL ORDER BY seq LIMIT 2000`, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []ChatLine
	for rows.Next() {
		var l ChatLine
		if err := rows.Scan(&l.Seq, &l.MessageID, &l.Kind, &l.Author, &l.Text, &l.Suggestion, &l.At); err != nil {
			return nil, err
		}
		list = append(list, l)
	}
	return list, rows.Err()
}

// chatTranscriptMail writes the transcript e-mail: every line with its time and who wrote it.
func chatTranscriptMail(m contact.Mailer, c contact.Conversation, lines []ChatLine, to string) contact.OutMail {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nHier is het verslag van uw chat met ons. Uw nummer is %s.\n\n", orDefault(c.PartyName, "heer, mevrouw"), c.Reference)
	for _, l := range lines {
		who := "Wij"
		switch l.Kind {
		case contact.KindIn:
			who = "U"
		case contact.KindAuto:
			who = "Chat"
		}
		fmt.Fprintf(&b, "[%s] %s: %s\n", l.At.In(calendar.Amsterdam).Format("02-01-2006 15.04"), who, l.Text)
	}
	fmt.Fprintf(&b, "\nMet vriendelijke groet,\n%s\n", orDefault(m.Municipality, "Gemeente Voorbeeld"))
	return contact.OutMail{MailID: m.NewMailID(), To: to, Subject: "Verslag van uw chat [" + c.Reference + "]", Body: b.String(), Automatic: true}
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// ChatChannel is the PostgreSQL notification channel on which chat changes are announced to every instance.
const ChatChannel = "loket_chat"

// Kinds of chat notices.
const (
	NoticeStarted   = "started"    // a chat joined the queue
	NoticeMessage   = "message"    // a message was committed; Seq is its number
	NoticeAccepted  = "accepted"   // an agent took the chat
	NoticeEnded     = "ended"      // the chat ended; Seq is the closing line
	NoticeReturned  = "returned"   // the agent left; the chat is back in the queue
	NoticeTypingIn  = "typing-in"  // the resident is typing (not stored)
	NoticeTypingOut = "typing-out" // the agent is typing (not stored)
)

// ChatNotice is what a chat notification says: which chat changed, how, and up to which message. It never
// carries text or personal data: the receiving instance reads the committed rows. Origin names the hub that
// sent a typing notice, so it does not echo its own.
type ChatNotice struct {
	Chat   int64
	Kind   string
	Seq    int64
	Origin string
}

// String is the notification payload: chat:kind:seq:origin.
func (n ChatNotice) String() string {
	return strconv.FormatInt(n.Chat, 10) + ":" + n.Kind + ":" + strconv.FormatInt(n.Seq, 10) + ":" + n.Origin
}

var noticeKinds = map[string]bool{NoticeStarted: true, NoticeMessage: true, NoticeAccepted: true, NoticeEnded: true, NoticeReturned: true,
	NoticeTypingIn: true, NoticeTypingOut: true}

// ParseChatNotice reads a notification payload written by ChatNotice.String.
func ParseChatNotice(payload string) (ChatNotice, error) {
	parts := strings.Split(payload, ":")
	if len(parts) != 4 || len(payload) > 200 {
		return ChatNotice{}, fmt.Errorf("chat notice %q: want chat:kind:seq:origin", payload)
	}
	chat, err1 := strconv.ParseInt(parts[0], 10, 64)
	seq, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || chat <= 0 || seq < 0 || !noticeKinds[parts[1]] {
		return ChatNotice{}, fmt.Errorf("chat notice %q: bad chat, kind or sequence", payload)
	}
	return ChatNotice{Chat: chat, Kind: parts[1], Seq: seq, Origin: parts[3]}, nil
}

func (s *Store) notifyChatTx(ctx context.Context, tx *Tx, n ChatNotice) error {
	return s.notify(ctx, tx, ChatChannel, n.String())
}

// NotifyChat announces something that is not stored, such as typing, to the other instances; on SQLite
// (one instance) it does nothing.
func (s *Store) NotifyChat(ctx context.Context, n ChatNotice) error {
	return s.notify(ctx, nil, ChatChannel, n.String())
}
