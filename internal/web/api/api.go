// Package api serves the JSON API under /api/v1: public reads (articles, search, forms) and intake
// (requests, contact), and with a bearer token every staff capability. Its errors are JSON bodies
// (respond.Error); the OpenAPI document (openapi.go) lists every route of routes.go.
package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/ratelimit"
	"loket/internal/web/respond"
	"loket/internal/web/searchlog"
	"loket/internal/web/staffauth"
)

// Deps is what the API needs from the rest of loket.
type Deps struct {
	Store     *store.Store
	KB        *kb.Service // the knowledge-base service with national texts; nil: one on Store
	Search    *search.Index
	SearchLog *searchlog.Logger
	Insight   *insight.Recorder
	Log       *slog.Logger
	BaseURL   string
	Contact   contact.Settings
	// Appointments answers the slots and booking routes.
	Appointments *appointment.Service
	Requests     *request.Service
	// ContactService owns the contact rules: the inbox, replies, intake, tasks.
	ContactService *contact.Service
	Payments       *payment.Service // fees paid online; nil: the payment routes answer 404
	// IdentityLinks reveals the BSN of a request made while logged in; nil: that route answers 404.
	IdentityLinks *identity.Links
	// IdentityQuestions links a conversation to a resident's BSN or a KvK number (audited); nil: 404.
	IdentityQuestions *identity.Questions
	// Clock is the time the handlers read (the store's clock in the app); nil: the wall clock.
	Clock func() time.Time
}

// Handler serves the API; its methods are the handlers in this package's files.
type Handler struct {
	deps   Deps
	auth   *staffauth.Auth
	limits *ratelimit.Limiter // public intake (shared with the public site's forms)
	// slotReads bounds the public slot search per address: generous for people, not for a scraper.
	slotReads *ratelimit.Limiter
	staff     *staffauth.Routes // the staff routes with their roles, once Routes has run
}

// New is the API; auth identifies staff by bearer token (or console session), limits bounds public intake.
func New(deps Deps, auth *staffauth.Auth, limits *ratelimit.Limiter) *Handler {
	return &Handler{deps: deps, auth: auth, limits: limits, slotReads: ratelimit.New(120, 60, 10*time.Minute)}
}

// StaffRoutes lists the API's staff routes with their roles (after Routes).
func (h *Handler) StaffRoutes() []staffauth.RouteAccess { return h.staff.Access() }

// NotFound answers 404 in JSON.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	respond.Fail(w, http.StatusNotFound, "not found")
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) { h.NotFound(w, r) }

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	respond.Fail(w, http.StatusBadRequest, msg)
}

// ServerError logs the cause and answers 500 in JSON without it.
func (h *Handler) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	respond.LogFailure(h.deps.Log, r, err)
	respond.Fail(w, http.StatusInternalServerError, "internal error")
}

func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.ServerError(w, r, err)
}

// Unauthenticated asks for a bearer token.
func (h *Handler) Unauthenticated(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="loket"`)
	respond.Fail(w, http.StatusUnauthorized, "missing or invalid bearer token")
}

// Forbidden says which role the token has and which roles may use the route.
func (h *Handler) Forbidden(w http.ResponseWriter, r *http.Request, st auth.Staff, roles []auth.Role) {
	respond.Fail(w, http.StatusForbidden, "role "+string(st.Role)+" may not do this; allowed: "+joinRoles(roles))
}

func joinRoles(roles []auth.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// contactError turns a contact domain error into the right answer.
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

// searchFailed answers a failed search and reports whether it did.
func (h *Handler) searchFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, search.ErrBadQuery):
		h.badRequest(w, r, "De zoekvraag bevat tekens die we niet kunnen verwerken. Gebruik gewone woorden.")
	default:
		h.serverError(w, r, err)
	}
	return true
}

// apiAnswerSuggestion is a suggested answer in the JSON API.
type apiAnswerSuggestion struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
	URL   string  `json:"url"`
}

func (h *Handler) toAPIAnswerSuggestions(list []search.SuggestedAnswer) []apiAnswerSuggestion {
	out := []apiAnswerSuggestion{}
	for _, sg := range list {
		out = append(out, apiAnswerSuggestion{ID: sg.ID, Title: sg.Title, Score: sg.Score, URL: h.deps.BaseURL + sg.Path})
	}
	return out
}

// apiPeriod reads from and to for the API; both are optional ISO dates.
func (h *Handler) apiPeriod(r *http.Request) (insight.Period, string) {
	p := insight.PeriodOrLastYear(r.URL.Query().Get("from"), r.URL.Query().Get("to"), h.now())
	from, err := time.Parse(time.DateOnly, p.From)
	if err != nil {
		return p, "from must be a date as YYYY-MM-DD"
	}
	to, err := time.Parse(time.DateOnly, p.To)
	if err != nil {
		return p, "to must be a date as YYYY-MM-DD"
	}
	if to.Before(from) {
		return p, "to must not be before from"
	}
	return p, ""
}
