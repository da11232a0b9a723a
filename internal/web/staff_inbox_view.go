package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"loket/internal/contact"
	"loket/internal/kb"
	"loket/internal/search"
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

func (s *Server) conversationRow(c contact.Conversation, now time.Time) conversationRow {
	clock := s.deps.Contact.Levels.ClockFor(c, now)
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

// suggestion is a knowledge-base answer proposed for a message, with the text an agent can insert.
type suggestion struct {
	ID, Title, Summary, Text, Path string
	Score                          float64
}

// apiAnswerSuggestion is a suggestion in the JSON API.
type apiAnswerSuggestion struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
	URL   string  `json:"url"`
}

// suggestAnswers returns the three best answers to a message, with a reply text for each.
func (s *Server) suggestAnswers(r *http.Request, text string) ([]suggestion, error) {
	hits, err := s.deps.Search.SuggestAnswers(text, 3)
	if errors.Is(err, search.ErrBadQuery) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []suggestion
	for _, h := range hits {
		path := kb.PathFor(h.Type, h.ID)
		list = append(list, suggestion{ID: h.ID, Title: h.Title, Summary: h.Summary, Score: h.Score, Path: path,
			Text: h.Summary + "\n\nMeer informatie: " + s.deps.BaseURL + path})
	}
	return list, nil
}

func toAPIAnswerSuggestions(s *Server, list []suggestion) []apiAnswerSuggestion {
	out := []apiAnswerSuggestion{}
	for _, sg := range list {
		out = append(out, apiAnswerSuggestion{ID: sg.ID, Title: sg.Title, Score: sg.Score, URL: s.deps.BaseURL + sg.Path})
	}
	return out
}

// conversationID reads the {id} path value.
func conversationID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// conversationForm reads the conversation id from the path and a posted form of at most maxBytes; on false
// the answer (404 or 400) has been written.
func (h *staffHandler) conversationForm(w http.ResponseWriter, r *http.Request, maxBytes int64) (int64, bool) {
	id, ok := conversationID(r)
	if !ok {
		h.notFound(w, r)
		return 0, false
	}
	return id, h.parseForm(w, r, maxBytes)
}

// contactError turns a domain error into the right response.
func (s *Server) contactError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, contact.ErrNotFound):
		s.notFound(w, r)
	case errors.Is(err, contact.ErrNotMergeable):
		s.badRequest(w, r, "Deze gesprekken zijn van verschillende personen. U kunt alleen gesprekken van dezelfde persoon samenvoegen.")
	case errors.Is(err, contact.ErrInvalid):
		s.badRequest(w, r, "Dit kan niet: "+err.Error())
	default:
		s.serverError(w, r, err)
	}
}
