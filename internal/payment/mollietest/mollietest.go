// Package mollietest is a local HTTP server that speaks the wire format of Mollie's Payments API v2 as
// documented (create, get, refund; HAL JSON with _links.checkout; errors as {status, title, detail,
// field}; the webhook as a form POST with only the payment id) and a checkout page where the payer picks
// the outcome, as in Mollie's test mode. It is the one permitted imitation: Mollie cannot run here.
package mollietest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Server is a running imitation of Mollie's API.
type Server struct {
	*httptest.Server
	APIKey string

	mu       sync.Mutex
	payments map[string]*payment
	// WebhookTwice sends every webhook call two times.
	WebhookTwice bool
	// ReturnBeforeWebhook sends the browser back before the webhook is called (the webhook comes when
	// the test calls DeliverWebhooks).
	ReturnBeforeWebhook bool
	pending             []string // payment ids whose webhook is held back
	Webhooks            int      // webhook calls made
}

type payment struct {
	ID          string            `json:"id"`
	Resource    string            `json:"resource"`
	Mode        string            `json:"mode"`
	Status      string            `json:"status"`
	Amount      amount            `json:"amount"`
	Refunded    *amount           `json:"amountRefunded,omitempty"`
	Description string            `json:"description"`
	RedirectURL string            `json:"redirectUrl"`
	WebhookURL  string            `json:"webhookUrl,omitempty"`
	Metadata    map[string]string `json:"metadata"`
	Method      string            `json:"method,omitempty"`
	CreatedAt   string            `json:"createdAt"`
	PaidAt      string            `json:"paidAt,omitempty"`
	Links       map[string]link   `json:"_links"`
	refunds     []refund
}

type amount struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}

type link struct {
	Href string `json:"href"`
	Type string `json:"type"`
}

type refund struct {
	Resource  string `json:"resource"`
	ID        string `json:"id"`
	Amount    amount `json:"amount"`
	Status    string `json:"status"`
	PaymentID string `json:"paymentId"`
}

// Start runs the server until the test ends.
func Start(tb interface{ Cleanup(func()) }) *Server {
	s := &Server{APIKey: "test_loket" + hex.EncodeToString(randomBytes(8)), payments: map[string]*payment{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/payments", s.authorized(s.create))
	mux.HandleFunc("GET /v2/payments/{id}", s.authorized(s.get))
	mux.HandleFunc("POST /v2/payments/{id}/refunds", s.authorized(s.refund))
	mux.HandleFunc("GET /checkout/{id}", s.showCheckout)
	mux.HandleFunc("POST /checkout/{id}", s.pay)
	s.Server = httptest.NewServer(mux)
	tb.Cleanup(s.Server.Close)
	return s
}

// APIURL is the base URL of the API, as loket's --mollie-api-url.
func (s *Server) APIURL() string { return s.URL + "/v2" }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func (s *Server) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+s.APIKey {
			problem(w, http.StatusUnauthorized, "Unauthorized Request", "Missing authentication, or failed to authenticate", "")
			return
		}
		next(w, r)
	}
}

func problem(w http.ResponseWriter, status int, title, detail, field string) {
	w.Header().Set("Content-Type", "application/hal+json")
	w.WriteHeader(status)
	body := map[string]any{"status": status, "title": title, "detail": detail}
	if field != "" {
		body["field"] = field
	}
	json.NewEncoder(w).Encode(body)
}

var value = regexp.MustCompile(`^\d{1,7}\.\d{2}$`)

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Amount      amount            `json:"amount"`
		Description string            `json:"description"`
		RedirectURL string            `json:"redirectUrl"`
		WebhookURL  string            `json:"webhookUrl"`
		Metadata    map[string]string `json:"metadata"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil {
		problem(w, http.StatusBadRequest, "Bad Request", "The request body is not valid JSON", "")
		return
	}
	switch {
	case in.Amount.Currency != "EUR" || !value.MatchString(in.Amount.Value):
		problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "The amount is invalid", "amount")
		return
	case strings.TrimSpace(in.Description) == "":
		problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "The description is invalid", "description")
		return
	case !strings.HasPrefix(in.RedirectURL, "http"):
		problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "The redirect URL is invalid", "redirectUrl")
		return
	}
	id := "tr_" + hex.EncodeToString(randomBytes(5))
	p := &payment{ID: id, Resource: "payment", Mode: "test", Status: "open", Amount: in.Amount, Description: in.Description,
		RedirectURL: in.RedirectURL, WebhookURL: in.WebhookURL, Metadata: in.Metadata, CreatedAt: time.Now().UTC().Format(time.RFC3339),
		Links: map[string]link{"self": {Href: s.URL + "/v2/payments/" + id, Type: "application/hal+json"},
			"checkout": {Href: s.URL + "/checkout/" + id, Type: "text/html"}}}
	s.mu.Lock()
	s.payments[id] = p
	s.mu.Unlock()
	s.write(w, http.StatusCreated, p)
}

func (s *Server) write(w http.ResponseWriter, status int, v any) {
	s.mu.Lock()
	b, _ := json.Marshal(v)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/hal+json")
	w.WriteHeader(status)
	w.Write(b)
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.payments[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, "Not Found", "No payment exists with token "+r.PathValue("id")+".", "")
		return
	}
	s.write(w, http.StatusOK, p)
}

func (s *Server) refund(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Amount      amount `json:"amount"`
		Description string `json:"description"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&in); err != nil {
		problem(w, http.StatusBadRequest, "Bad Request", "The request body is not valid JSON", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[r.PathValue("id")]
	if !ok {
		problem(w, http.StatusNotFound, "Not Found", "No payment exists with token "+r.PathValue("id")+".", "")
		return
	}
	want, _ := cents(in.Amount.Value)
	paid, _ := cents(p.Amount.Value)
	done := int64(0)
	if p.Refunded != nil {
		done, _ = cents(p.Refunded.Value)
	}
	if p.Status != "paid" || in.Amount.Currency != "EUR" || want <= 0 || done+want > paid {
		problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "The amount is higher than the amount that can be refunded", "amount")
		return
	}
	p.Refunded = &amount{Currency: "EUR", Value: fmt.Sprintf("%d.%02d", (done+want)/100, (done+want)%100)}
	rf := refund{Resource: "refund", ID: "re_" + hex.EncodeToString(randomBytes(5)), Amount: in.Amount, Status: "queued", PaymentID: p.ID}
	p.refunds = append(p.refunds, rf)
	b, _ := json.Marshal(rf)
	w.Header().Set("Content-Type", "application/hal+json")
	w.WriteHeader(http.StatusCreated)
	w.Write(b)
}

func cents(v string) (int64, error) {
	var w, f int64
	_, err := fmt.Sscanf(v, "%d.%02d", &w, &f)
	return w*100 + f, err
}

var checkoutPage = template.Must(template.New("c").Parse(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Testbetaling</title><link rel="icon" href="data:,"></head>
<body><main><h1>Testbetaling</h1><p>{{.Description}}: € {{.Amount.Value}}</p>
<form method="post"><fieldset><legend>Kies de uitkomst</legend>
<p><label><input type="radio" name="status" value="paid" checked> Betaald</label></p>
<p><label><input type="radio" name="status" value="failed"> Mislukt</label></p>
<p><label><input type="radio" name="status" value="canceled"> Geannuleerd</label></p>
<p><label><input type="radio" name="status" value="expired"> Verlopen</label></p></fieldset>
<p><button type="submit" id="doorgaan">Doorgaan</button></p></form></main></body></html>`))

func (s *Server) showCheckout(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.payments[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	checkoutPage.Execute(w, p)
}

// pay sets the chosen outcome, calls the webhook (unless held back) and sends the browser back.
func (s *Server) pay(w http.ResponseWriter, r *http.Request) {
	id, status := r.PathValue("id"), r.FormValue("status")
	s.mu.Lock()
	p, ok := s.payments[id]
	if ok && p.Status == "open" {
		p.Status = status
		if status == "paid" {
			p.Method, p.PaidAt = "ideal", time.Now().UTC().Format(time.RFC3339)
		}
	}
	hold := s.ReturnBeforeWebhook
	if ok && hold {
		s.pending = append(s.pending, id)
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if !hold {
		s.callWebhook(p.WebhookURL, id)
	}
	http.Redirect(w, r, p.RedirectURL, http.StatusSeeOther)
}

// SetStatus changes a payment's status as Mollie would (an expired payment, a late bank confirmation).
func (s *Server) SetStatus(id, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.payments[id]; ok {
		p.Status = status
	}
}

// DeliverWebhooks calls the webhooks held back by ReturnBeforeWebhook.
func (s *Server) DeliverWebhooks() {
	s.mu.Lock()
	ids := s.pending
	s.pending = nil
	s.mu.Unlock()
	for _, id := range ids {
		s.mu.Lock()
		hook := s.payments[id].WebhookURL
		s.mu.Unlock()
		s.callWebhook(hook, id)
	}
}

// Payments lists the ids of the payments made, oldest first is not kept: for counting.
func (s *Server) Payments() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.payments)
}

func (s *Server) callWebhook(hook, id string) {
	if hook == "" {
		return
	}
	times := 1
	if s.WebhookTwice {
		times = 2
	}
	for range times {
		resp, err := http.PostForm(hook, url.Values{"id": {id}})
		if err == nil {
			resp.Body.Close()
		}
		s.mu.Lock()
		s.Webhooks++
		s.mu.Unlock()
	}
}
