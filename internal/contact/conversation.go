package contact

import (
	"errors"
	"fmt"
	"time"

	"loket/internal/problem"
)

// Channels a conversation can arrive on; chat, WhatsApp, phone and counter are registered by later issues.
const (
	ChannelForm     = "form"
	ChannelEmail    = "email"
	ChannelChat     = "chat"
	ChannelWhatsApp = "whatsapp"
	ChannelPhone    = "phone"
	ChannelCounter  = "counter"
)

// Channels lists every channel in display order.
var Channels = []string{ChannelForm, ChannelEmail, ChannelChat, ChannelWhatsApp, ChannelPhone, ChannelCounter}

// Conversation states.
const (
	StateNew     = "new"
	StateOpen    = "open"
	StateWaiting = "waiting" // waiting for the resident: the service-level clock stands still
	StateClosed  = "closed"
)

// States lists every state in workflow order.
var States = []string{StateNew, StateOpen, StateWaiting, StateClosed}

// Message kinds.
const (
	KindIn   = "in"   // from the resident
	KindOut  = "out"  // a reply by an agent
	KindNote = "note" // an internal note, never sent
	KindAuto = "auto" // an automatic message loket sent (confirmation, satisfaction question)
)

// Sentinel errors of the contact domain.
var (
	ErrNotFound     = fmt.Errorf("contact: %w", problem.ErrNotFound)
	ErrInvalid      = errors.New("contact: invalid")
	ErrNotMergeable = errors.New("contact: conversations belong to different people")
	ErrDuplicate    = errors.New("contact: exists already")
)

// Party is a partij: a resident or company, known by its digital addresses.
type Party struct {
	ID        int64
	Name      string
	Emails    []string
	Phones    []string // digits, Dutch numbers as 31...
	CreatedAt time.Time
}

// Conversation is a klantcontact: one question of one party on one channel, with its messages.
type Conversation struct {
	ID              int64
	Reference       string // VB-C-2026-000123
	PartyID         int64
	PartyName       string
	PartyEmail      string
	Channel         string
	Subject         string
	State           string
	Team            string
	AssigneeID      int64
	AssigneeName    string
	TopicType       string // onderwerpobject: "article" or "task"
	TopicID         string
	MergedInto      int64
	Automatic       bool // started by an auto-reply or bounce: never answered automatically
	CreatedAt       time.Time
	UpdatedAt       time.Time
	FirstResponseAt time.Time
	ClosedAt        time.Time
	WaitingSince    time.Time
	Paused          time.Duration // business time spent waiting for the resident
	Messages        int           // number of messages, in lists
}

// Message is one message in a conversation: incoming, a reply, an internal note or an automatic mail.
type Message struct {
	ID             int64
	ConversationID int64
	Kind           string
	Channel        string
	Author         string
	AuthorName     string // the agent's name on a reply or note, shown in the thread
	Subject        string
	Body           string
	BodyHTML       string // sanitized HTML of an incoming e-mail, if it had any
	MailID         string // the e-mail Message-ID, without angle brackets
	From           string // the address an incoming message came from, shown to the agent
	InReplyTo      string
	Automatic      bool
	SuggestionUsed string // the knowledge-base article the reply started from
	Notes          string // what intake dropped, such as a refused attachment
	CreatedAt      time.Time
	Attachments    []Attachment
	Delivery       *Delivery // outbound e-mail delivery state, nil for messages not sent by e-mail
}

// Attachment is a file that came with a message.
type Attachment struct {
	ID          int64
	Filename    string
	ContentType string
	Size        int64
	Data        []byte // empty in lists; read separately for download
}

// Delivery is the state of an outbound e-mail in the outbox.
type Delivery struct {
	State     string // queued, sent or failed
	Attempts  int
	LastError string
	SentAt    time.Time
}

// Outbox states.
const (
	DeliveryQueued = "queued"
	DeliverySent   = "sent"
	DeliveryFailed = "failed"
)

// Inbound is a message as intake receives it from a channel, before it is stored.
type Inbound struct {
	Channel    string
	Name       string
	Email      string
	Subject    string
	Text       string
	HTML       string // already sanitized
	MailID     string
	Phone      string // WhatsApp: the sender's number (wa_id), digits only; the party's address
	WhatsAppID string // WhatsApp: the message id (wamid), stored once however often Meta delivers it
	InReplyTo  string
	References []string
	Automatic  bool // auto-reply or bounce: stored, never answered automatically
	// SkipConfirmation: the channel's limit on confirmations per source was reached; stored, not confirmed.
	SkipConfirmation bool
	Attachments      []Attachment
	Notes            string
	ReceivedAt       time.Time
	// DuplicateSince, when set, makes the same question (subject and text) from the same e-mail address
	// on the same channel since then the same conversation: a double POST or a reloaded confirmation.
	DuplicateSince time.Time
	// Owner links the conversation to the logged-in person who started it (identity's owner hash), in the
	// same transaction; "" for nobody.
	Owner string
}

// Receipt tells the sender where its message went.
type Receipt struct {
	ConversationID int64
	Reference      string
	MessageID      int64
	New            bool // a new conversation was started
	Duplicate      bool // the same e-mail had been received before
}

// Task is an interne taak: a callback request or other work handed to a back-office team, optionally to
// one colleague, with a due time and, when done, its outcome.
type Task struct {
	ID             int64
	ConversationID int64
	Team           string
	AssigneeID     int64
	Description    string
	State          string
	Due            time.Time
	Outcome        string
	CreatedBy      string
	CreatedAt      time.Time
}

// Settings bundle what the store needs to write contact mails and keep service-level clocks.
type Settings struct {
	Mailer  Mailer
	Levels  ServiceLevels
	Waiting WaitingRules // reminder and automatic close of conversations waiting for the resident
	// AttachmentQuota is how many attachment bytes one sender address may have stored per 24 hours;
	// attachments past it are left out with a note for the agent. 0: no quota.
	AttachmentQuota int64
}

// DisplayPhone writes a stored phone number the Dutch way: 31612345678 becomes 06 12345678.
func DisplayPhone(p string) string {
	if len(p) == 11 && p[:2] == "31" {
		if p[2] == '6' {
			return "06 " + p[3:]
		}
		return "0" + p[2:]
	}
	return "+" + p
}
