package public

import (
	"errors"
	"net/http"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
)

// statusPage is what a requester sees behind the status link.
type statusPage struct {
	Request        request.Request
	Term           request.Deadline // derived today, the same date as the queue, the case page and the API
	NoticeError    string
	Token          string
	StatusName     string
	Timeline       []timelineStep
	Events         []render.EventView
	Files          []store.RequestFile
	Sent           bool // just sent: show the confirmation
	Message        render.MessageForm
	ProvisionalURL string
}

type timelineStep struct {
	Name          string
	Done, Current bool
}

var timelineOrder = []request.Status{request.StatusReceived, request.StatusInProgress, request.StatusInfoNeeded, request.StatusDecided}

// showRequestStatus shows the status page behind the unguessable link.
func (h *Handler) showRequestStatus(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	p, err := h.buildStatusPage(r, c)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p.Sent = r.URL.Query().Get("verstuurd") == "1"
	p.Message.Thanks = r.URL.Query().Get("bericht") == "1"
	h.renderStatus(w, r, http.StatusOK, p)
}

func (h *Handler) renderStatus(w http.ResponseWriter, r *http.Request, status int, p statusPage) {
	title := "Uw " + p.Request.Kind + " " + p.Request.Reference
	if p.Message.Error != "" || p.Message.FileError != "" {
		title = "Fout: " + title
	}
	h.render(w, r, status, "request_status", render.Page{Title: title, Data: p, Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Uw " + p.Request.Kind, URL: ""}}})
}

// requestByLink finds the request behind a status link's token, with its term derived today.
func (h *Handler) requestByLink(w http.ResponseWriter, r *http.Request) (request.Case, bool) {
	token := r.PathValue("token")
	if !request.ValidToken(token) {
		h.notFound(w, r)
		return request.Case{}, false
	}
	req, err := h.deps.Requests.CaseByToken(r.Context(), auth.HashSecret(token))
	if errors.Is(err, request.ErrNotFound) {
		h.notFound(w, r)
		return req, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return req, false
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return req, true
}

func (h *Handler) buildStatusPage(r *http.Request, c request.Case) (statusPage, error) {
	req := c.Request
	p := statusPage{Request: req, Term: c.Term, Token: r.PathValue("token"), StatusName: request.StatusNames[req.Status]}
	events, err := h.deps.Store.RequestEvents(r.Context(), req.ID, true)
	if err != nil {
		return p, err
	}
	reached := map[request.Status]bool{}
	for _, e := range events {
		if e.Status != "" {
			reached[e.Status] = true
		}
		p.Events = append(p.Events, render.EventView{Event: e, Who: who(e.Actor), StatusName: request.StatusNames[e.Status]})
	}
	for _, st := range timelineOrder {
		if st == request.StatusInfoNeeded && !reached[st] {
			continue // only shown when it happened
		}
		p.Timeline = append(p.Timeline, timelineStep{Name: request.StatusNames[st], Done: reached[st] && st != req.Status, Current: st == req.Status})
	}
	if p.Files, err = h.deps.Store.RequestFiles(r.Context(), req.ID); err != nil {
		return p, err
	}
	if a, err := h.deps.Store.Article(r.Context(), "voorlopige-voorziening"); err == nil && a.Published() {
		p.ProvisionalURL = kb.Path(a)
	}
	return p, nil
}

func who(actor string) string {
	switch actor {
	case request.ActorRequester:
		return "U"
	case "":
		return "loket"
	}
	return "Gemeente"
}
