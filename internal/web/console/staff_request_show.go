package console

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/shared"
)

// caseData is one request as a case handler sees it, with the forms of every action.
type caseData struct {
	Request        request.Request
	StatusName     string
	DaysLeft       int
	Warn, Overdue  bool
	Events         []shared.EventView
	Files          []store.RequestFile
	Outcomes       []outcomeOption
	Errors         map[string]string // by action
	Input          map[string]string // what the handler typed, kept on errors
	ProvisionalURL string
	Done           string
	Login          *loginAndFee // who logged in to make it and what was paid; nil when neither
}

type outcomeOption struct{ Value, Label string }

func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request) {
	req, ok := h.staffRequest(w, r)
	if !ok {
		return
	}
	h.auth.Audit(r, "view", "request", req.Reference, "")
	h.renderCase(w, r, http.StatusOK, req, nil, nil)
}

// staffRequest loads the request named in the path.
func (h *Handler) staffRequest(w http.ResponseWriter, r *http.Request) (request.Request, bool) {
	ref := r.PathValue("ref")
	if !request.ValidReference(ref) {
		h.notFound(w, r)
		return request.Request{}, false
	}
	req, err := h.deps.Store.Request(r.Context(), ref)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return req, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return req, false
	}
	return req, true
}

func (h *Handler) renderCase(w http.ResponseWriter, r *http.Request, status int, req request.Request, errs, input map[string]string) {
	today := time.Now()
	data := caseData{Request: req, StatusName: request.StatusNames[req.Status], DaysLeft: req.WorkingDaysLeft(today),
		Warn: req.Warn(today), Overdue: req.Overdue(today), Errors: errs, Input: input, Done: r.URL.Query().Get("gedaan")}
	events, err := h.deps.Store.RequestEvents(r.Context(), req.ID, false)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, e := range events {
		data.Events = append(data.Events, shared.EventView{Event: e, Who: e.Actor, StatusName: request.StatusNames[e.Status]})
	}
	if data.Files, err = h.deps.Store.RequestFiles(r.Context(), req.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	for v, l := range request.Outcomes {
		data.Outcomes = append(data.Outcomes, outcomeOption{v, l})
	}
	sort.Slice(data.Outcomes, func(i, j int) bool { return data.Outcomes[i].Label < data.Outcomes[j].Label })
	if a, err := h.deps.Store.Article(r.Context(), "voorlopige-voorziening"); err == nil && a.Published() {
		data.ProvisionalURL = "/producten/" + a.ID
	}
	if data.Login, err = h.loginAndFee(r, req, errs, input); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, status, "staff_request", render.Page{Title: req.Reference + " " + req.ProductTitle, Data: data,
		Flash: doneMessages[data.Done], Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Aanvragen", URL: "/beheer/aanvragen"}, {Label: req.Reference, URL: ""}}})
}

var doneMessages = map[string]string{
	"oppakken": "U behandelt deze aanvraag nu.", "informatie": "De vraag om informatie is verstuurd. De termijn staat stil.",
	"verlengen": "De beslistermijn is verlengd en de aanvrager krijgt bericht.", "besluit": "Het besluit is vastgelegd en de aanvrager krijgt bericht.",
	"bericht": "Uw bericht is verstuurd.", "terugbetaald": "De terugbetaling is doorgegeven aan de betaaldienst.", "hoorzitting": "De hoorzitting is vastgelegd.", "ontvangen": "De informatie is als ontvangen vastgelegd. De termijn loopt weer.",
}
