package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"loket/internal/outbox"
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
	Components []templateComponent `json:"components,omitempty"`
}

// templateComponent fills the variables of one part of a template; loket fills the body's.
type templateComponent struct {
	Type       string          `json:"type"` // "body"
	Parameters []templateParam `json:"parameters"`
}

type templateParam struct {
	Type string `json:"type"` // "text"
	Text string `json:"text"`
}

// PermanentError is a refusal that retrying will not fix (a 4xx other than 429).
type PermanentError struct{ Status int }

// Error says which status the Graph API refused the message with.
func (e *PermanentError) Error() string {
	return fmt.Sprintf("graph API refused the message: status %d", e.Status)
}

// Send posts one message and returns the wamid the API gave it. A template name sends that approved
// template in Dutch instead of free text, with params as the values of its body variables {{1}}, {{2}}, ...
func (c *Client) Send(ctx context.Context, to, text, template string, params ...string) (string, error) {
	req := sendRequest{MessagingProduct: "whatsapp", RecipientType: "individual", To: to, Type: "text", Text: &textBody{Body: text}}
	if template != "" {
		req.Type, req.Text = "template", nil
		req.Template = &templateRef{Name: template}
		req.Template.Language.Code = "nl"
		if len(params) > 0 {
			body := templateComponent{Type: "body"}
			for _, p := range params {
				body.Parameters = append(body.Parameters, templateParam{Type: "text", Text: p})
			}
			req.Template.Components = []templateComponent{body}
		}
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

// Outbound is the WhatsApp channel's outbox.Sender: it sends one queued message through the Client.
type Outbound struct{ Client *Client }

// Send posts a queued message and returns its wamid; a refusal retrying will not fix is permanent.
func (o Outbound) Send(ctx context.Context, m store.QueuedWhatsApp) (string, error) {
	waID, err := o.Client.Send(ctx, m.To, m.Text, m.Template, m.Params...)
	var pe *PermanentError
	if errors.As(err, &pe) {
		return "", outbox.Permanent(err)
	}
	return waID, err
}
