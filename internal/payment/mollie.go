package payment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Mollie is the client of Mollie's Payments API (v2): create a payment, fetch it, refund it. Amounts go
// as {"currency": "EUR", "value": "10.00"}; the API key is a bearer token.
type Mollie struct {
	BaseURL string // https://api.mollie.com/v2
	APIKey  string
	HTTP    *http.Client
}

// NewMollie is a Mollie client with a bounded HTTP client.
func NewMollie(baseURL, apiKey string) *Mollie {
	return &Mollie{BaseURL: strings.TrimRight(baseURL, "/"), APIKey: apiKey, HTTP: &http.Client{Timeout: 15 * time.Second}}
}

// Name is "mollie".
func (m *Mollie) Name() string { return "mollie" }

type mollieAmount struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}

type molliePayment struct {
	ID             string        `json:"id"`
	Status         string        `json:"status"`
	Amount         mollieAmount  `json:"amount"`
	AmountRefunded *mollieAmount `json:"amountRefunded"`
	Method         string        `json:"method"`
	PaidAt         string        `json:"paidAt"`
	Links          struct {
		Checkout *struct {
			Href string `json:"href"`
		} `json:"checkout"`
	} `json:"_links"`
}

// ValidID reports whether s looks like a Mollie payment id (tr_…), the only thing its webhook sends.
func ValidID(s string) bool { return paymentID.MatchString(s) }

var paymentID = regexp.MustCompile(`^tr_[A-Za-z0-9]{4,64}$`)

// CreatePayment is POST /payments.
func (m *Mollie) CreatePayment(ctx context.Context, p NewPayment) (Created, error) {
	body := map[string]any{
		"amount":      mollieAmount{Currency: "EUR", Value: Value(p.Cents)},
		"description": p.Description,
		"redirectUrl": p.RedirectURL,
		"webhookUrl":  p.WebhookURL,
		"metadata":    map[string]string{"loket": p.Reference},
	}
	var got molliePayment
	if err := m.call(ctx, http.MethodPost, "/payments", body, http.StatusCreated, &got); err != nil {
		return Created{}, err
	}
	if got.Links.Checkout == nil || got.Links.Checkout.Href == "" || !ValidID(got.ID) {
		return Created{}, errors.New("mollie: payment created without an id or checkout link")
	}
	return Created{ID: got.ID, CheckoutURL: got.Links.Checkout.Href, Status: Status(got.Status)}, nil
}

// GetPayment is GET /payments/{id}.
func (m *Mollie) GetPayment(ctx context.Context, id string) (Remote, error) {
	if !ValidID(id) {
		return Remote{}, fmt.Errorf("mollie: %q is not a payment id", id)
	}
	var got molliePayment
	if err := m.call(ctx, http.MethodGet, "/payments/"+url.PathEscape(id), nil, http.StatusOK, &got); err != nil {
		return Remote{}, err
	}
	cents, err := ParseValue(got.Amount.Value)
	if err != nil || got.Amount.Currency != "EUR" || got.ID != id {
		return Remote{}, fmt.Errorf("mollie: payment %s came back with amount %+v: %v", id, got.Amount, err)
	}
	r := Remote{ID: got.ID, Status: Status(got.Status), Cents: cents, Method: got.Method}
	if got.AmountRefunded != nil {
		r.RefundedCents, _ = ParseValue(got.AmountRefunded.Value)
	}
	if got.PaidAt != "" {
		r.PaidAt, _ = time.Parse(time.RFC3339, got.PaidAt)
	}
	return r, nil
}

// CreateRefund is POST /payments/{id}/refunds.
func (m *Mollie) CreateRefund(ctx context.Context, paymentID string, cents int64, description string) (Refund, error) {
	body := map[string]any{"amount": mollieAmount{Currency: "EUR", Value: Value(cents)}, "description": description}
	var got struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if err := m.call(ctx, http.MethodPost, "/payments/"+url.PathEscape(paymentID)+"/refunds", body, http.StatusCreated, &got); err != nil {
		return Refund{}, err
	}
	return Refund{ID: got.ID, Status: got.Status}, nil
}

// mollieError is Mollie's error body (application/hal+json).
type mollieError struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Field  string `json:"field"`
}

func (m *Mollie) call(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.BaseURL+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+m.APIKey)
	req.Header.Set("Accept", "application/hal+json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := m.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("mollie %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("mollie %s %s: %w", method, path, err)
	}
	if resp.StatusCode != want {
		var e mollieError
		json.Unmarshal(data, &e)
		return fmt.Errorf("mollie %s %s: %d %s: %s (field %q)", method, path, resp.StatusCode, e.Title, e.Detail, e.Field)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("mollie %s %s: decode: %w", method, path, err)
	}
	return nil
}
