package public

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/web/render"
)

// myQuestionPage is one of the person's questions: the thread as the resident sees it (no internal
// notes) and, while it is open, a box to reply.
type myQuestionPage struct {
	Session  sessionBar
	Question myQuestionView
	Messages []myMessageView
	Reply    struct {
		Text, Error string
		Thanks      bool
	}
}

type myMessageView struct {
	FromUs bool
	Who    string
	At     time.Time
	Body   string
	Via    string
}

// showMyQuestion shows one of the person's questions with its thread; another's is not found.
func (h *Handler) showMyQuestion(w http.ResponseWriter, r *http.Request) {
	h.renderMyQuestion(w, r, "", "", http.StatusOK)
}

// renderMyQuestion renders the question page, with a reply that was refused and its message.
func (h *Handler) renderMyQuestion(w http.ResponseWriter, r *http.Request, text, msg string, status int) {
	a, c, ok := h.myQuestion(w, r)
	if !ok {
		return
	}
	msgs, err := h.deps.Store.Messages(r.Context(), c.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p := myQuestionPage{Session: newSessionBar(a), Question: myQuestionView{ID: c.ID, Reference: c.Reference, Subject: c.Subject,
		State: questionStates[c.State], Channel: channelNames[c.Channel], Asked: c.CreatedAt, Open: c.State != contact.StateClosed}}
	for _, m := range msgs {
		switch m.Kind {
		case contact.KindIn:
			p.Messages = append(p.Messages, myMessageView{Who: "U", At: m.CreatedAt, Body: m.Body, Via: channelNames[m.Channel]})
		case contact.KindOut, contact.KindAuto:
			p.Messages = append(p.Messages, myMessageView{FromUs: true, Who: h.settings().Name, At: m.CreatedAt, Body: m.Body, Via: channelNames[m.Channel]})
		}
	}
	p.Reply.Text, p.Reply.Error, p.Reply.Thanks = text, msg, r.URL.Query().Get("verstuurd") == "1"
	w.Header().Set("Cache-Control", "no-store")
	title := "Uw vraag " + c.Reference
	h.render(w, r, status, "mijn_loket_question", render.Page{Title: title, Data: p,
		Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Mijn loket", URL: "/mijn-loket"}, {Label: title}}})
}

// myQuestion is the logged-in person and the question {id} when it is theirs; otherwise it answers (login
// page or not found) and returns false.
func (h *Handler) myQuestion(w http.ResponseWriter, r *http.Request) (identity.Active, contact.Conversation, bool) {
	a, ok := h.resident(r)
	if !ok || h.deps.IdentityQuestions == nil {
		http.Redirect(w, r, "/inloggen?terug=%2Fmijn-loket", http.StatusSeeOther)
		return a, contact.Conversation{}, false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return a, contact.Conversation{}, false
	}
	mine, err := h.deps.IdentityQuestions.Owns(r.Context(), a.Person, id)
	if err != nil {
		h.serverError(w, r, err)
		return a, contact.Conversation{}, false
	}
	c, err := h.deps.Store.Conversation(r.Context(), id)
	if !mine || errors.Is(err, store.ErrNotFound) || errors.Is(err, problem.ErrNotFound) {
		h.notFound(w, r)
		return a, c, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return a, c, false
	}
	return a, c, true
}
