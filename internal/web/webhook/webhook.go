// Package webhook receives the calls of outside services: the WhatsApp Business webhook (Meta's
// subscription check and signed message and status deliveries). Its errors are short plain-text answers
// for machines.
package webhook

import (
	"log/slog"
	"net/http"

	"loket/internal/appointment"
	"loket/internal/channel/whatsapp"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/ratelimit"
	"loket/internal/web/respond"
)

// Settings configure the WhatsApp webhook.
type Settings struct {
	VerifyToken string
	AppSecret   string // empty: the webhook answers 404
	// PhoneNumberID is this municipality's number: messages and statuses of other numbers in a payload
	// are not stored here (on a shared deployment they are another municipality's).
	PhoneNumberID string
}

// Deps is what the webhooks need from the rest of loket.
type Deps struct {
	Store   *store.Store
	Insight *insight.Recorder
	Log     *slog.Logger
	// Intake stores WhatsApp messages under the contact rules (the contact service); the webhook answers
	// 200 only after it returned.
	Intake whatsapp.Intaker

	// Payments confirms fees through the provider's webhook; nil answers 404 there.
	Payments      *payment.Service
	IdentityLinks *identity.Links // links a paid request to the person who made it
	BaseURL       string
	Requests      *request.Service     // sends a paid request
	Appointments  *appointment.Service // books a held appointment once paid, frees it when not
}

// Handler serves the webhooks.
type Handler struct {
	deps     Deps
	settings Settings
	hooks    *ratelimit.Limiter // calls per source address
}

// New is the webhook surface; hooks bounds the calls per source address.
func New(deps Deps, settings Settings, hooks *ratelimit.Limiter) *Handler {
	return &Handler{deps: deps, settings: settings, hooks: hooks}
}

// Routes registers the webhook routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /webhooks/whatsapp", h.verifyWhatsAppWebhook)
	mux.HandleFunc("POST /webhooks/whatsapp", h.receiveWhatsAppWebhook)

	// Payment: Mollie reports a payment's change with only its id.
	mux.HandleFunc("POST /webhooks/mollie", h.receiveMollieWebhook)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

// ServerError logs the cause and answers 500, so the sender retries.
func (h *Handler) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	respond.LogFailure(h.deps.Log, r, err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.ServerError(w, r, err)
}
