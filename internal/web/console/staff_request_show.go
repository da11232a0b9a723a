package console

import (
	"errors"
	"net/http"
	"time"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
)

// caseData is one request as a case handler sees it, with its term derived today and the forms of
// every action.
type caseData struct {
	Request        request.Request
	Term           request.Deadline
	ProcedureText  string
	StatusName     string
	Events         []render.EventView
	Files          []store.RequestFile
	Outcomes       []outcomeOption
	Errors         map[string]string // by action
	Input          map[string]string // what the handler typed, kept on errors
	HearingLatest  time.Time         // proposed when a planned hearing was too late
	CanExtend      bool
	CanConsent     bool
	ProvisionalURL string
	Done           string
	Login          *loginAndFee // who logged in to make it and what was paid; nil when neither
}

type outcomeOption struct{ Value, Label, Opening string }

func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request) {
	c, ok := h.staffCase(w, r)
	if !ok {
		return
	}
	h.auth.Audit(r, "view", "request", c.Reference, "")
	h.renderCase(w, r, http.StatusOK, h.caseData(r, c, nil, nil))
}

// staffCase loads the request named in the path with its term as of today.
func (h *Handler) staffCase(w http.ResponseWriter, r *http.Request) (request.Case, bool) {
	ref := r.PathValue("ref")
	if !request.ValidReference(ref) {
		h.notFound(w, r)
		return request.Case{}, false
	}
	c, err := h.deps.Requests.Case(r.Context(), ref)
	if errors.Is(err, request.ErrNotFound) {
		h.notFound(w, r)
		return c, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return c, false
	}
	return c, true
}

func (h *Handler) caseData(r *http.Request, c request.Case, errs, input map[string]string) caseData {
	p := c.Term.Procedure
	data := caseData{Request: c.Request, Term: c.Term, StatusName: request.StatusNames[c.Status], Errors: errs, Input: input,
		Done: r.URL.Query().Get("gedaan"), ProcedureText: p.Describe(c.Committee),
		CanExtend: p.ExtensionDays > 0 && len(c.Extensions) == 0 && c.ExtensionDays == 0, CanConsent: p.FurtherWithConsent}
	for _, o := range c.OutcomeChoices() {
		data.Outcomes = append(data.Outcomes, outcomeOption{o.Value, o.Label, request.OutcomeOpening(c.Request, o.Value)})
	}
	if a, err := h.deps.Store.Article(r.Context(), "voorlopige-voorziening"); err == nil && a.Published() {
		data.ProvisionalURL = "/producten/" + a.ID
	}
	return data
}

func (h *Handler) renderCase(w http.ResponseWriter, r *http.Request, status int, data caseData) {
	events, err := h.deps.Store.RequestEvents(r.Context(), data.Request.ID, false)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, e := range events {
		data.Events = append(data.Events, render.EventView{Event: e, Who: render.Who(e.Actor), StatusName: request.StatusNames[e.Status]})
	}
	if data.Files, err = h.deps.Store.RequestFiles(r.Context(), data.Request.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	if data.Login, err = h.loginAndFee(r, data.Request, data.Errors, data.Input); err != nil {
		h.serverError(w, r, err)
		return
	}
	ref := data.Request.Reference
	h.render(w, r, status, "staff_request", render.Page{Title: ref + " " + data.Request.ProductTitle, Data: data,
		Flash: doneMessages[data.Done], Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Aanvragen", URL: "/beheer/aanvragen"}, {Label: ref, URL: ""}}})
}

var doneMessages = map[string]string{
	"oppakken": "U behandelt deze aanvraag nu.", "informatie": "De vraag om informatie is verstuurd. De termijn staat stil.",
	"verlengen": "De termijn is verlengd en de indiener krijgt bericht.", "besluit": "Het besluit is vastgelegd en de indiener krijgt de brief.",
	"bericht": "Uw bericht is verstuurd.", "terugbetaald": "De terugbetaling is doorgegeven aan de betaaldienst.", "hoorzitting": "De hoorzitting is vastgelegd en de uitnodiging is verstuurd.",
	"ontvangen": "De informatie is als ontvangen vastgelegd. De termijn loopt weer.",
}
