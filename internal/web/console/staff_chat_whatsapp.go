package console

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/web/staffauth"
)

// whatsAppView is what the conversation page shows for a WhatsApp conversation: whether the 24-hour
// customer-service window is open, until when, the approved templates and the delivery statuses.
type whatsAppView struct {
	WindowOpen bool
	OpenUntil  time.Time
	Templates  []string
	Statuses   map[int64]string
}

var whatsAppStatusLabels = map[string]string{"": "in de wachtrij", "sent": "verstuurd", "delivered": "afgeleverd",
	"read": "gelezen", "failed": "niet afgeleverd"}

// whatsAppFor builds the WhatsApp part of the conversation page; nil for other channels.
func (h *Handler) whatsAppFor(ctx context.Context, c contact.Conversation) (*whatsAppView, error) {
	if c.Channel != contact.ChannelWhatsApp {
		return nil, nil
	}
	last, err := h.deps.Store.WhatsAppLastInbound(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	v := &whatsAppView{Templates: h.deps.WhatsAppTemplates}
	if !last.IsZero() {
		v.OpenUntil = last.Add(store.WhatsAppWindow)
		v.WindowOpen = h.now().Before(v.OpenUntil)
	}
	statuses, err := h.deps.Store.WhatsAppStatuses(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	v.Statuses = map[int64]string{}
	for id, st := range statuses {
		v.Statuses[id] = whatsAppStatusLabels[st]
	}
	return v, nil
}

// sendWhatsAppTemplate queues an approved template message, the only kind allowed after 24 hours.
func (h *Handler) sendWhatsAppTemplate(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	name := r.PostForm.Get("sjabloon")
	if !slices.Contains(h.deps.WhatsAppTemplates, name) {
		h.badRequest(w, r, "Kies een goedgekeurd sjabloon uit de lijst.")
		return
	}
	c, err := h.deps.Store.Conversation(r.Context(), id)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	if c.Channel != contact.ChannelWhatsApp {
		h.badRequest(w, r, "Sjablonen zijn alleen voor WhatsApp-gesprekken.")
		return
	}
	if _, err := h.deps.Store.SendWhatsAppTemplate(r.Context(), id, staffauth.Staff(r).Email, name); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "whatsapp-template", "conversation", strconv.FormatInt(id, 10), name)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"?verstuurd=1#berichten", http.StatusSeeOther)
}
