package shared

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/web/staffauth"
)

// Suggestion is a knowledge-base answer proposed for a message, with the text an agent can insert.
type Suggestion struct {
	ID, Title, Summary, Text, Path string
	Score                          float64
}

// SuggestAnswers returns the three best answers to a message, with a reply text for each that links to
// the article under baseURL.
func SuggestAnswers(ix *search.Index, baseURL, text string) ([]Suggestion, error) {
	hits, err := ix.SuggestAnswers(text, 3)
	if errors.Is(err, search.ErrBadQuery) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []Suggestion
	for _, h := range hits {
		path := kb.PathFor(h.Type, h.ID)
		list = append(list, Suggestion{ID: h.ID, Title: h.Title, Summary: h.Summary, Score: h.Score, Path: path,
			Text: h.Summary + "\n\nMeer informatie: " + baseURL + path})
	}
	return list, nil
}

// RegisterContact stores a phone or counter contact through the contact service (which counts it for
// insight) and writes the audit entry.
func RegisterContact(r *http.Request, svc *contact.Service, auth *staffauth.Auth, reg contact.Registration) (contact.RegistrationReceipt, error) {
	rc, err := svc.Register(r.Context(), reg)
	if err != nil {
		return rc, err
	}
	auth.Audit(r, "register", "conversation", strconv.FormatInt(rc.ConversationID, 10), reg.Channel+" "+reg.Result)
	return rc, nil
}

// ConversationID reads the {id} path value.
func ConversationID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}
