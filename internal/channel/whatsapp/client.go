package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"loket/internal/channel/email"
	"loket/internal/store"
)

// DefaultAPIURL is the Graph API base URL of the Cloud API.
const DefaultAPIURL = "https://graph.facebook.com/v21.0"

// Client sends messages through the Graph API: POST {APIURL}/{PhoneNumberID}/messages.
type Client struct {
	APIURL        string
	PhoneNumberID string
	Token         string
	HTTP          *http.Client
}

// sendRequest is the documented body of a text or template message.
type sendRequest struct {
	MessagingProduct string       `json:"messaging_product"`
	RecipientType    string       `json:"recipient_type"`
	To               string       `json:"to"`
	Type             string       `json:"type"`
	Text             *textBody    `json:"text,omitempty"`
	Template         *templateRef `json:"template,omitempty"`
}

type textBody struct {
	Body string `json:"body"`
}

type templateRef struct {
	Name     string `json:"name"`
	Language struct {
		Code string `json:"code"`
	} `json:"language"`
}

// PermanentError is a refusal that retrying will not fix (a 4xx other than 429).
type PermanentError struct{ Status int }

// Error says which status the Graph API refused the message with.
func (e *PermanentError) Error() string {
	return fmt.Sprintf("graph API refused the message: status %d", e.Status)
}

// Send posts one message and returns the wamid the API gave it. A template name sends that approved
// template in Dutch instead of free text.
func (c *Client) Send(ctx context.Context, to, text, template string) (string, error) {
	req := sendRequest{MessagingProduct: "whatsapp", RecipientType: "individual", To: to, Type: "text", Text: &textBody{Body: text}}
	if template != "" {
		req.Type, req.Text = "template", nil
		req.Template = &templateRef{Name: template}
		req.Template.Language.Code = "nl"
	}
	body, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	u := strings.TrimRight(c.APIURL, "/") + "/" + c.PhoneNumberID + "/messages"
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	hreq.Header.Set("Authorization", "Bearer "+c.Token)
	hreq.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
		return "", &PermanentError{Status: resp.StatusCode}
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("graph API: status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("graph API: read the answer: %w", err)
	}
	var out struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(b, &out); err != nil || len(out.Messages) == 0 || !validID(out.Messages[0].ID) {
		return "", fmt.Errorf("graph API: no message id in the answer")
	}
	return out.Messages[0].ID, nil
}

// Sender delivers queued WhatsApp messages from the outbox with the e-mail sender's retries and back-off.
type Sender struct {
	Store       *store.Store
	Client      *Client
	Log         *slog.Logger
	Poll        time.Duration // 1 s when zero
	MaxAttempts int           // 12 when zero
}

// Run sends due messages until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	poll := s.Poll
	if poll <= 0 {
		poll = time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("whatsapp outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue sends every WhatsApp message that is due and returns how many the API accepted.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	due, err := s.Store.ClaimWhatsAppOutbox(ctx, 50, 5*time.Minute)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range due {
		waID, err := s.Client.Send(ctx, m.To, m.Text, m.Template)
		if err == nil {
			sent++
			err = s.Store.MarkWhatsAppSent(ctx, m, waID)
		} else {
			s.Log.Warn("send whatsapp", "outbox", m.ID, "attempt", m.Attempts+1, "err", err)
			err = s.Store.MarkOutboxFailed(ctx, m.ID, err.Error(), s.retryAt(m, err))
		}
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// retryAt is when a failed message is tried again, like e-mail; zero gives it up.
func (s *Sender) retryAt(m store.QueuedWhatsApp, err error) time.Time {
	var pe *PermanentError
	return email.RetryAt(m.Attempts, s.MaxAttempts, errors.As(err, &pe))
}
