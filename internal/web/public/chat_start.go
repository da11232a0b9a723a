package public

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/mail"
	"strings"
	"unicode/utf8"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/store"
	"loket/internal/web/respond"
)

// chatStartBody is what the widget sends to open a chat; Website is the honeypot field.
type chatStartBody struct {
	Question string `json:"question"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Website  string `json:"website"`
}

// startChat opens a chat in the queue and returns the resident's unguessable token; 409 when the chat is
// closed, no agent is online or the queue is full, with the message the widget shows.
func (h *Handler) startChat(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		respond.JSON(w, http.StatusTooManyRequests, respond.Error{Error: "U hebt veel berichten achter elkaar gestuurd. Wacht een paar minuten."})
		return
	}
	var in chatStartBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		respond.JSON(w, http.StatusBadRequest, respond.Error{Error: "Dit verzoek kunnen we niet verwerken."})
		return
	}
	if fields := validateChatStart(in); len(fields) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Controleer de velden.", Fields: fields})
		return
	}
	if in.Website != "" { // a robot filled the hidden field: answer as if it worked, store nothing
		respond.JSON(w, http.StatusCreated, map[string]any{"token": auth.NewSecret(), "reference": ""})
		return
	}
	if h.deps.Chat == nil {
		respond.JSON(w, http.StatusConflict, respond.Error{Error: "De chat is niet beschikbaar."})
		return
	}
	if av := h.deps.Chat.Availability(r.Context()); !av.Open {
		respond.JSON(w, http.StatusConflict, map[string]any{"error": av.Message, "reason": av.Reason})
		return
	}
	token := auth.NewSecret()
	cs, err := h.deps.Chat.Start(r.Context(), store.ChatStart{Question: strings.TrimSpace(in.Question),
		Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), Owner: h.questionOwner(r)}, auth.HashSecret(token))
	if errors.Is(err, chat.ErrQueueFull) { // filled up between the availability check and the commit
		av := h.deps.Chat.Availability(r.Context())
		respond.JSON(w, http.StatusConflict, map[string]any{"error": av.Message, "reason": "full"})
		return
	}
	if errors.Is(err, chat.ErrText) {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Controleer de velden.", Fields: map[string]string{"question": err.Error()}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusCreated, map[string]any{"token": token, "reference": cs.Reference})
}

// validateChatStart gives a Dutch message per field that is wrong.
func validateChatStart(in chatStartBody) map[string]string {
	fields := map[string]string{}
	q := strings.TrimSpace(in.Question)
	switch {
	case q == "":
		fields["question"] = "Typ eerst uw vraag."
	case utf8.RuneCountInString(q) > chat.MaxMessageRunes || !utf8.ValidString(q):
		fields["question"] = "Uw vraag is te lang. Gebruik maximaal 2000 tekens."
	}
	if utf8.RuneCountInString(in.Name) > 200 || !utf8.ValidString(in.Name) {
		fields["name"] = "Uw naam is te lang."
	}
	if e := strings.TrimSpace(in.Email); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			fields["email"] = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl. Of laat het leeg."
		}
	}
	return fields
}
