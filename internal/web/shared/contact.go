package shared

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/staffauth"
)

// MaxReplyRunes bounds an agent's answer, in the console and the API alike.
const MaxReplyRunes = 20000

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

// RecordReply counts a sent answer for insight on the conversation's channel, with the suggested article it
// started from so the rollup counts it for that article's task. It never fails the reply that was stored.
func RecordReply(ctx context.Context, st *store.Store, rec *insight.Recorder, log *slog.Logger, conversationID int64, suggestion string) {
	c, err := st.Conversation(ctx, conversationID)
	if err != nil {
		log.Error("record reply", "err", err)
		return
	}
	rec.Record(insight.Event{Type: insight.TypeReplySent, Channel: c.Channel, ArticleID: suggestion})
}

// RegisterContact stores a phone or counter contact, counts it for insight and writes the audit entry.
func RegisterContact(r *http.Request, st *store.Store, cs contact.Settings, rec *insight.Recorder, auth *staffauth.Auth,
	reg store.Registration) (store.RegistrationReceipt, error) {
	rc, err := st.RegisterContact(r.Context(), reg, cs)
	if err != nil {
		return rc, err
	}
	rec.Contact(reg.Channel, reg.TopicID, 0)
	auth.Audit(r, "register", "conversation", strconv.FormatInt(rc.ConversationID, 10), reg.Channel+" "+reg.Result)
	return rc, nil
}

// ConversationID reads the {id} path value.
func ConversationID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// InboxFilter reads the inbox filter: status, kanaal, team, medewerker (ik, niemand or an id).
func InboxFilter(r *http.Request) store.ConversationFilter {
	q := r.URL.Query()
	f := store.ConversationFilter{State: q.Get("status"), Channel: q.Get("kanaal"), Team: q.Get("team"), Limit: 500}
	switch who := q.Get("medewerker"); who {
	case "ik":
		f.AssigneeID = staffauth.Staff(r).ID
	case "niemand":
		f.AssigneeID = -1
	default:
		f.AssigneeID, _ = strconv.ParseInt(who, 10, 64)
	}
	return f
}
