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
	"strconv"
	"strings"
	"time"
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

// Message is one incoming message of a webhook payload.
type Message struct {
	ID   string // wamid
	From string // the sender's WhatsApp id: phone number digits
	Name string // profile name from contacts[], if given
	Type string // text, image, ...; only text has Text
	Text string
	At   time.Time
}

// Status is a delivery status of a message loket sent.
type Status struct {
	ID          string // wamid of the outbound message
	Status      string // sent, delivered, read or failed
	RecipientID string
	At          time.Time
	Error       string // the first error's title, for failed
}

// Payload is what one webhook call carries.
type Payload struct {
	Messages []Message
	Statuses []Status
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
				Contacts         []struct {
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

// Parse reads a webhook body strictly: a whatsapp_business_account object whose messages and statuses have
// every field loket needs, in the documented form. Anything else is ErrPayload and nothing is stored.
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
				names[c.WaID] = truncate(c.Profile.Name, 200)
			}
			for _, m := range ch.Value.Messages {
				at, err := unixTime(m.Timestamp)
				if err != nil || !validID(m.ID) || !validPhone(m.From) || m.Type == "" || len(m.Type) > 30 {
					return Payload{}, fmt.Errorf("%w: message needs from, id, timestamp and type", ErrPayload)
				}
				msg := Message{ID: m.ID, From: m.From, Name: names[m.From], Type: m.Type, At: at}
				if m.Type == "text" {
					if m.Text == nil || strings.TrimSpace(m.Text.Body) == "" || !utf8.ValidString(m.Text.Body) || len(m.Text.Body) > 8192 {
						return Payload{}, fmt.Errorf("%w: text message without a valid text.body", ErrPayload)
					}
					msg.Text = m.Text.Body
				}
				p.Messages = append(p.Messages, msg)
			}
			for _, s := range ch.Value.Statuses {
				at, err := unixTime(s.Timestamp)
				if err != nil || !validID(s.ID) || !statuses[s.Status] || !validPhone(s.RecipientID) {
					return Payload{}, fmt.Errorf("%w: status needs id, status, recipient_id and timestamp", ErrPayload)
				}
				st := Status{ID: s.ID, Status: s.Status, RecipientID: s.RecipientID, At: at}
				if len(s.Errors) > 0 {
					st.Error = truncate(fmt.Sprintf("%d %s", s.Errors[0].Code, s.Errors[0].Title), 300)
				}
				p.Statuses = append(p.Statuses, st)
			}
		}
	}
	return p, nil
}

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
