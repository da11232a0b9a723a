package insight

import (
	"time"

	"loket/internal/calendar"
)

// Channels through which residents reach the municipality. Every event names one of them.
const (
	ChannelWeb      = "web"      // the website: page views, searches, feedback
	ChannelChat     = "chat"     // live chat on the website
	ChannelWhatsApp = "whatsapp" // WhatsApp Business
	ChannelEmail    = "email"    // e-mail to the general address
	ChannelForm     = "form"     // the contact form
	ChannelPhone    = "phone"    // phone calls (14 0999), registered by agents
	ChannelCounter  = "counter"  // counter visits at the town hall
)

// Channels lists every channel in the order dashboards show them.
var Channels = []string{ChannelWeb, ChannelChat, ChannelWhatsApp, ChannelEmail, ChannelForm, ChannelPhone, ChannelCounter}

// ChannelNames are the Dutch names of the channels shown in the console.
var ChannelNames = map[string]string{
	ChannelWeb: "Website", ChannelChat: "Chat", ChannelWhatsApp: "WhatsApp", ChannelEmail: "E-mail",
	ChannelForm: "Contactformulier", ChannelPhone: "Telefoon", ChannelCounter: "Balie",
}

// Event types. Colleagues record the first group through a Recorder; the rollup job derives the second
// group from the search log and the feedback table, so nobody records those twice.
const (
	TypeVisit          = "visit"           // a page view of an article (ArticleID), channel web
	TypeContact        = "contact"         // a question through chat, WhatsApp, e-mail, form, phone or counter
	TypeFormStarted    = "form_started"    // a resident started typing a question in the contact form
	TypeFormSent       = "form_sent"       // the contact form was sent (also record a TypeContact)
	TypeFormDeflected  = "form_deflected"  // the resident opened a suggested answer (ArticleID) and left without sending
	TypeReplySent      = "reply_sent"      // an agent answered a conversation (ArticleID: the suggestion used, if any)
	TypeRequestStarted = "request_started" // an online request form was opened (ArticleID of the product)
	TypeRequestSent    = "request_sent"    // an online request was submitted
	TypeHandleSeconds  = "handle_seconds"  // Value: handling time of one contact in seconds

	TypeSearch      = "search"       // derived: a search on the website (Value: number of results)
	TypeSearchZero  = "search_zero"  // derived: a search without results
	TypeSearchClick = "search_click" // derived: a search result was opened (task of the article)
	TypeFeedbackYes = "feedback_yes" // derived: "Was dit antwoord nuttig?" answered yes
	TypeFeedbackNo  = "feedback_no"  // derived: answered no
)

// Event is one thing that happened, without personal data: no name, address, text or session. N counts
// how many times it happened (1 when zero); Value carries a number such as seconds.
type Event struct {
	Day       string // YYYY-MM-DD in Amsterdam time; Record fills it in
	Type      string
	Channel   string
	TaskID    int64  // the task, when the caller knows it (a phone registration with a task)
	ArticleID string // the article, for page views and requests; the rollup maps it to a task
	Topic     string // the contact topic, for contacts; the rollup maps it to a task
	N         int64
	Value     int64
}

// Day returns the Amsterdam calendar day of a moment as YYYY-MM-DD, the unit of every rollup.
func Day(t time.Time) string { return t.In(calendar.Amsterdam).Format(time.DateOnly) }

// key identifies events that can be added together.
type key struct {
	day, typ, channel, article, topic string
	task                              int64
}

func (e Event) key() key {
	return key{day: e.Day, typ: e.Type, channel: e.Channel, article: e.ArticleID, topic: e.Topic, task: e.TaskID}
}

// Compact adds up events with the same day, type, channel, task, article and topic, keeping first-seen
// order, so a batch of a thousand page views of ten articles becomes ten rows.
func Compact(events []Event) []Event {
	index := make(map[key]int, len(events))
	out := events[:0:0]
	for _, e := range events {
		if e.N == 0 {
			e.N = 1
		}
		k := e.key()
		if i, ok := index[k]; ok {
			out[i].N += e.N
			out[i].Value += e.Value
			continue
		}
		index[k] = len(out)
		out = append(out, e)
	}
	return out
}
