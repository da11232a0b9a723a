package console

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"loket/internal/contact"
)

// Dutch names of the contact states and channels, for the inbox.
var (
	stateLabels = map[string]string{contact.StateNew: "Nieuw", contact.StateOpen: "Open",
		contact.StateWaiting: "Wacht op inwoner", contact.StateClosed: "Gesloten"}
	contactChannelLabels = map[string]string{contact.ChannelForm: "Contactformulier", contact.ChannelEmail: "E-mail",
		contact.ChannelChat: "Chat", contact.ChannelWhatsApp: "WhatsApp", contact.ChannelPhone: "Telefoon",
		contact.ChannelCounter: "Balie"}
	deliveryLabels = map[string]string{contact.DeliveryQueued: "in de wachtrij", contact.DeliverySent: "verstuurd",
		contact.DeliveryFailed: "niet verstuurd"}
)

// selectOption is one option in a select box.
type selectOption struct {
	Value, Label string
	Selected     bool
}

func selectOptions(values []string, labels map[string]string, selected string) []selectOption {
	var list []selectOption
	for _, v := range values {
		list = append(list, selectOption{Value: v, Label: labels[v], Selected: v == selected})
	}
	return list
}

// conversationRow is one line of the inbox.
type conversationRow struct {
	contact.Conversation
	StateLabel, ChannelLabel string
	ClockLabel               string // time left, or how late
	Breached, Paused         bool
}

func (h *Handler) conversationRow(c contact.Conversation, now time.Time) conversationRow {
	clock := h.deps.Contact.Levels.ClockFor(c, now)
	row := conversationRow{Conversation: c, StateLabel: stateLabels[c.State], ChannelLabel: contactChannelLabels[c.Channel],
		Paused: clock.Paused}
	goal, what := clock.First, "eerste antwoord"
	if goal.Done {
		goal, what = clock.Final, "afhandeling"
	}
	switch {
	case c.State == contact.StateClosed:
		row.ClockLabel = "Afgehandeld"
		row.Breached = clock.Final.Breached
		if row.Breached {
			row.ClockLabel = "Afgehandeld, te laat"
		}
	case clock.Paused:
		row.ClockLabel = "Klok staat stil"
	case goal.Breached:
		row.Breached = true
		row.ClockLabel = fmt.Sprintf("%s %s te laat", what, businessDuration(-goal.Left))
	default:
		row.ClockLabel = fmt.Sprintf("%s nog %s", what, businessDuration(goal.Left))
	}
	return row
}

// businessDuration writes business time the Dutch way: 2 u 05 min.
func businessDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	if h == 0 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d u %02d min", h, m)
}

// conversationForm reads the conversation id from the path and a posted form of at most maxBytes; on false
// the answer (404 or 400) has been written.
func (h *Handler) conversationForm(w http.ResponseWriter, r *http.Request, maxBytes int64) (int64, bool) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return 0, false
	}
	return id, h.parseForm(w, r, maxBytes)
}

// contactError turns a domain error into the right response.
func (h *Handler) contactError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, contact.ErrNotFound):
		h.notFound(w, r)
	case errors.Is(err, contact.ErrNotMergeable):
		h.badRequest(w, r, "Deze gesprekken zijn van verschillende personen. U kunt alleen gesprekken van dezelfde persoon samenvoegen.")
	case errors.Is(err, contact.ErrInvalid):
		h.badRequest(w, r, "Dit kan niet: "+err.Error())
	default:
		h.serverError(w, r, err)
	}
}
