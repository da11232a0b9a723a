package chat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loket/internal/store"
)

// frame is one JSON message on a chat connection, in either direction. Clients send hello, message,
// typing, transcript, end, and agents also accept and suggest; the server sends message, ack, queue (the
// whole queue to agents, the place to a resident), queue-add and queue-remove (changes, to agents), chats,
// state, typing, suggestions, transcript and error.
type frame struct {
	Type       string           `json:"type"`
	Chat       int64            `json:"chat,omitempty"`
	Token      string           `json:"token,omitempty"`
	After      int64            `json:"after,omitempty"`
	AfterChats map[string]int64 `json:"after_chats,omitempty"` // agent hello: last seen seq per chat
	Mode       string           `json:"mode,omitempty"`        // agent hello: "notify" for the other console pages
	ID         string           `json:"id,omitempty"`          // the client's id of a message, echoed in the ack
	Text       string           `json:"text,omitempty"`
	Suggestion string           `json:"suggestion,omitempty"`
	Seq        int64            `json:"seq,omitempty"`
	Line       *store.ChatLine  `json:"line,omitempty"`
	Position   int              `json:"position,omitempty"`
	Queue      []queueItem      `json:"queue,omitempty"`
	Chats      []chatItem       `json:"chats,omitempty"`
	State      string           `json:"state,omitempty"`
	Agent      string           `json:"agent,omitempty"`
	Transcript string           `json:"transcript,omitempty"` // ended chat: "available", "sent" or "" (no address given)
	Items      []Suggestion     `json:"items,omitempty"`
	Message    string           `json:"message,omitempty"`
}

type queueItem struct {
	Chat      int64     `json:"chat"`
	Reference string    `json:"reference"`
	Name      string    `json:"name"`
	Since     time.Time `json:"since"`
}

type chatItem struct {
	Chat      int64  `json:"chat"`
	Reference string `json:"reference"`
	Name      string `json:"name"`
	LastSeq   int64  `json:"last_seq"`
}

// Frame types a client may send.
var clientTypes = map[string]bool{"hello": true, "message": true, "typing": true, "transcript": true, "end": true,
	"accept": true, "suggest": true}

// ErrFrame is returned for a client frame that is not valid.
var ErrFrame = errors.New("chat: invalid frame")

// ParseFrame reads one frame from a client strictly: a JSON object of known fields and a known type, within
// the size limit, with no trailing data.
func ParseFrame(b []byte) (frame, error) {
	var f frame
	if len(b) > MaxFrameBytes {
		return f, fmt.Errorf("%w: larger than %d bytes", ErrFrame, MaxFrameBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return frame{}, fmt.Errorf("%w: %v", ErrFrame, err)
	}
	if dec.More() {
		return frame{}, fmt.Errorf("%w: data after the object", ErrFrame)
	}
	if !clientTypes[f.Type] {
		return frame{}, fmt.Errorf("%w: unknown type %q", ErrFrame, f.Type)
	}
	if len(f.ID) > 64 || len(f.Token) > 64 || len(f.Suggestion) > 100 || f.After < 0 || len(f.AfterChats) > 50 {
		return frame{}, fmt.Errorf("%w: a field is too long", ErrFrame)
	}
	if f.Mode != "" && f.Mode != "notify" {
		return frame{}, fmt.Errorf("%w: unknown mode %q", ErrFrame, f.Mode)
	}
	if f.Line != nil || f.Queue != nil || f.Chats != nil || f.Items != nil || f.Transcript != "" {
		return frame{}, fmt.Errorf("%w: server fields from a client", ErrFrame)
	}
	return f, nil
}
