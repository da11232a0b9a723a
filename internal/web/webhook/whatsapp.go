package webhook

import (
	"crypto/subtle"
	"errors"
	"io"
	"net/http"

	"loket/internal/channel/whatsapp"
	"loket/internal/contact"
)

// verifyWhatsAppWebhook answers Meta's subscription check: echo hub.challenge when the token matches.
func (h *Handler) verifyWhatsAppWebhook(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	token := h.settings.VerifyToken
	if token == "" || q.Get("hub.mode") != "subscribe" ||
		subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(token)) != 1 || len(q.Get("hub.challenge")) > 200 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, q.Get("hub.challenge"))
}

// receiveWhatsAppWebhook stores the messages and delivery statuses of a signed webhook call and answers
// 200 only after everything is committed, so Meta retries what was not.
func (h *Handler) receiveWhatsAppWebhook(w http.ResponseWriter, r *http.Request) {
	if h.settings.AppSecret == "" {
		h.notFound(w, r)
		return
	}
	if !h.hooks.Allow(r) {
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, whatsapp.MaxPayloadBytes))
	if err != nil {
		http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
		return
	}
	if err := whatsapp.VerifySignature(h.settings.AppSecret, body, r.Header.Get("X-Hub-Signature-256")); err != nil {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	p, err := whatsapp.Parse(body)
	if err != nil {
		http.Error(w, "invalid payload", http.StatusBadRequest)
		return
	}
	for _, why := range p.Skipped { // left out so that the rest is stored; Meta would resend them the same way
		h.deps.Log.Warn("whatsapp webhook: skipped", "why", why)
	}
	if err := h.storeWhatsApp(r, p); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// ownNumber reports whether id is this municipality's number (or the payload names none, or no number
// is set: a single installation stores what its app secret signed).
func (h *Handler) ownNumber(id string) bool {
	return id == "" || h.settings.PhoneNumberID == "" || id == h.settings.PhoneNumberID
}

// storeWhatsApp hands every message to this municipality's number to the contact intake (which counts
// new questions) and records the delivery statuses; it returns after everything is committed.
func (h *Handler) storeWhatsApp(r *http.Request, p whatsapp.Payload) error {
	for _, m := range p.Messages {
		if !h.ownNumber(m.PhoneNumberID) {
			continue
		}
		if _, err := h.deps.Intake.Intake(r.Context(), m.Inbound()); err != nil {
			return err
		}
	}
	for _, s := range p.Statuses {
		if !h.ownNumber(s.PhoneNumberID) {
			continue
		}
		err := h.deps.Store.RecordWhatsAppStatus(r.Context(), s.ID, s.Status, s.At, s.Error)
		if err != nil && !errors.Is(err, contact.ErrNotFound) { // a status of a message sent elsewhere
			return err
		}
	}
	return nil
}
