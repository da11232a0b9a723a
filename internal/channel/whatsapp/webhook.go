// Package whatsapp connects loket to the WhatsApp Business Cloud API: it checks and parses the webhook
// payloads Meta sends (messages and delivery statuses) and sends agent replies through the Graph API.
// Payloads are treated as hostile: signed, size-limited and parsed strictly.
package whatsapp

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxPayloadBytes is the largest webhook body loket reads; Meta's batches are far smaller.
const MaxPayloadBytes = 256 << 10

// Errors of the webhook.
var (
	ErrSignature = errors.New("whatsapp: missing or wrong X-Hub-Signature-256")
	ErrPayload   = errors.New("whatsapp: invalid payload")
)

// VerifySignature checks the X-Hub-Signature-256 header ("sha256=" + hex HMAC-SHA256 of the raw body with
// the app secret) in constant time.
func VerifySignature(appSecret string, body []byte, header string) error {
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok || appSecret == "" {
		return ErrSignature
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil || len(got) != sha256.Size {
		return ErrSignature
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrSignature
	}
	return nil
}

// Sign returns the X-Hub-Signature-256 value of a body, as Meta computes it.
func Sign(appSecret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// MaxTextBytes is the longest text loket stores from one WhatsApp message; Meta allows 4,096 characters,
// so a longer text is cut (and the agent told) rather than refused.
const MaxTextBytes = 8192

// Message is one incoming message of a webhook payload.
type Message struct {
	ID   string // wamid
	From string // the sender's WhatsApp id: phone number digits
	Name string // profile name from contacts[], if given
	Type string // text, image, ...; only text has Text
	// Text is what loket stores: the resident's words, valid UTF-8 and at most MaxTextBytes long, followed
	// by Note when loket had to change them.
	Text string
	Note string // loket's note to the agent in Dutch when the text was cut, blank or not valid UTF-8
	At   time.Time
	// PhoneNumberID is the business number the message was sent to (metadata.phone_number_id).
	PhoneNumberID string
}

// Status is a delivery status of a message loket sent.
type Status struct {
	ID          string // wamid of the outbound message
	Status      string // sent, delivered, read or failed
	RecipientID string
	At          time.Time
	Error       string // the first error's title, for failed
	// PhoneNumberID is the business number the message was sent from.
	PhoneNumberID string
}

// Payload is what one webhook call carries.
type Payload struct {
	Messages []Message
	Statuses []Status
	// Skipped says, per message or status left out, why: one that lacks what loket needs to store it
	// (an id, a sender, a time) must not cost the other residents in the same delivery their messages.
	Skipped []string
}

// The documented shape of a webhook body (Meta: "Webhooks payload examples"); fields loket does not use
// are ignored, the ones it uses are checked.
type rawPayload struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string `json:"field"`
			Value struct {
				MessagingProduct string `json:"messaging_product"`
				Metadata         struct {
					PhoneNumberID string `json:"phone_number_id"`
				} `json:"metadata"`
				Contacts []struct {
					WaID    string `json:"wa_id"`
					Profile struct {
						Name string `json:"name"`
					} `json:"profile"`
				} `json:"contacts"`
				Messages []struct {
					From      string `json:"from"`
					ID        string `json:"id"`
					Timestamp string `json:"timestamp"`
					Type      string `json:"type"`
					Text      *struct {
						Body string `json:"body"`
					} `json:"text"`
				} `json:"messages"`
				Statuses []struct {
					ID          string `json:"id"`
					Status      string `json:"status"`
					Timestamp   string `json:"timestamp"`
					RecipientID string `json:"recipient_id"`
					Errors      []struct {
						Code  int    `json:"code"`
						Title string `json:"title"`
					} `json:"errors"`
				} `json:"statuses"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

var statuses = map[string]bool{"sent": true, "delivered": true, "read": true, "failed": true}

// Parse reads a webhook body: a whatsapp_business_account object in the documented form. A body that is
// not such an object is ErrPayload and nothing is stored. Inside it, a message or status without the
// fields loket needs is skipped (and named in Skipped) and the rest is kept, so that Meta's retry of the
// same body does not fail the same way for every message in it; a text that is too long, blank or not
// valid UTF-8 is stored as far as it can be, with a note to the agent.
func Parse(body []byte) (Payload, error) {
	var p Payload
	if len(body) > MaxPayloadBytes {
		return p, fmt.Errorf("%w: larger than %d bytes", ErrPayload, MaxPayloadBytes)
	}
	var raw rawPayload
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil {
		return p, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	if dec.More() {
		return p, fmt.Errorf("%w: data after the object", ErrPayload)
	}
	if raw.Object != "whatsapp_business_account" {
		return p, fmt.Errorf("%w: object %q", ErrPayload, raw.Object)
	}
	for _, e := range raw.Entry {
		for _, ch := range e.Changes {
			if ch.Field != "" && ch.Field != "messages" {
				continue
			}
			names := map[string]string{}
			for _, c := range ch.Value.Contacts {
				names[c.WaID] = truncate(strings.ToValidUTF8(c.Profile.Name, "\uFFFD"), 200)
			}
			for i, m := range ch.Value.Messages {
				at, err := unixTime(m.Timestamp)
				if err != nil || !validID(m.ID) || !validPhone(m.From) || !validType(m.Type) {
					p.Skipped = append(p.Skipped, fmt.Sprintf("message %d: needs from, id, timestamp and type", i))
					continue
				}
				msg := Message{ID: m.ID, From: m.From, Name: names[m.From], Type: m.Type, At: at, PhoneNumberID: ch.Value.Metadata.PhoneNumberID}
				if m.Type == "text" {
					text := ""
					if m.Text != nil {
						text = m.Text.Body
					}
					msg.Text, msg.Note = storableText(text)
				}
				p.Messages = append(p.Messages, msg)
			}
			for i, s := range ch.Value.Statuses {
				at, err := unixTime(s.Timestamp)
				if err != nil || !validID(s.ID) || !statuses[s.Status] || !validPhone(s.RecipientID) {
					p.Skipped = append(p.Skipped, fmt.Sprintf("status %d: needs id, status, recipient_id and timestamp", i))
					continue
				}
				st := Status{ID: s.ID, Status: s.Status, RecipientID: s.RecipientID, At: at, PhoneNumberID: ch.Value.Metadata.PhoneNumberID}
				if len(s.Errors) > 0 {
					st.Error = truncate(strings.ToValidUTF8(fmt.Sprintf("%d %s", s.Errors[0].Code, s.Errors[0].Title), "\uFFFD"), 300)
				}
				p.Statuses = append(p.Statuses, st)
			}
		}
	}
	return p, nil
}

// PhoneNumberIDs lists the business numbers a webhook body is for, each once, in order: what a
// deployment routes the call by, before the municipality it reaches checks the signature. A body that
// is not a webhook payload is ErrPayload.
func PhoneNumberIDs(body []byte) ([]string, error) {
	p, err := Parse(body)
	if err != nil {
		return nil, err
	}
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, m := range p.Messages {
		add(m.PhoneNumberID)
	}
	for _, s := range p.Statuses {
		add(s.PhoneNumberID)
	}
	return ids, nil
}

// Notes loket adds for the agent when it had to change a text to store it.
const (
	noteBlank   = "[loket: dit bericht had geen leesbare tekst (alleen spaties of lege tekens). Vraag de inwoner het opnieuw te sturen.]"
	noteInvalid = "[loket: een deel van dit bericht bestond uit onleesbare tekens; die zijn vervangen door een vraagteken in een ruit.]"
	noteCut     = "[loket: dit bericht was te lang en is ingekort tot de eerste %d tekens. Vraag de inwoner om de rest.]"
)

// storableText returns the text to store for a text message body and, when it had to change it, the
// note that says how. The result is valid UTF-8, never blank, and its words part is at most MaxTextBytes.
func storableText(body string) (text, note string) {
	var notes []string
	// encoding/json already replaced invalid UTF-8 (and lone surrogates) by U+FFFD; the check stays
	// for callers that hand in raw text.
	body = strings.ToValidUTF8(body, "\uFFFD")
	if strings.ContainsRune(body, utf8.RuneError) {
		notes = append(notes, noteInvalid)
	}
	if len(body) > MaxTextBytes {
		cut := MaxTextBytes
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		body = body[:cut]
		notes = append(notes, fmt.Sprintf(noteCut, utf8.RuneCountInString(body)))
	}
	if isBlank(body) {
		return noteBlank, noteBlank
	}
	if len(notes) == 0 {
		return body, ""
	}
	note = strings.Join(notes, "\n")
	return body + "\n\n" + note, note
}

// isBlank reports whether s has nothing to read: only white space (the non-breaking space included),
// zero-width characters and replacement characters.
func isBlank(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff', r == utf8.RuneError:
		case unicode.Is(unicode.Cf, r):
		default:
			return false
		}
	}
	return true
}

func validType(s string) bool { return s != "" && len(s) <= 30 && validID(s) }

func unixTime(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > 1<<40 {
		return time.Time{}, fmt.Errorf("timestamp %q", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

func validID(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
}

func validPhone(s string) bool {
	if len(s) < 6 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
