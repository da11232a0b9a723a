// Package console serves the staff console under /beheer: knowledge base, requests, inbox, chat,
// registrations, tasks, insight dashboards and administration. Every route but sign-in checks the role on
// every request (staffauth); its errors are HTML pages in the console layout.
package console

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/municipality"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/tenant"
	"loket/internal/web/ratelimit"
	"loket/internal/web/render"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
	"loket/internal/web/upload"
)

// Deps is what the console needs from the rest of loket.
type Deps struct {
	Store             *store.Store
	Search            *search.Index
	Insight           *insight.Recorder
	Log               *slog.Logger
	BaseURL           string
	DataDir           string // uploaded files live under DataDir/uploads
	Contact           contact.Settings
	Chat              *chat.Hub // live chat connections of this instance
	WhatsAppTemplates []string  // approved WhatsApp templates an agent may send
	Requests          *request.Service
	Municipality      *municipality.Service
	// Appointments: the counter's day view, bookings on a caller's behalf and the schedule set-up.
	Appointments *appointment.Service
	TokenMaxAge  time.Duration // longest API token lifetime (--token-max-age)
	// ContactService owns the contact rules: the inbox, replies, assignment, states, tasks, templates.
	ContactService *contact.Service

	// IdentityLinks shows who made a request while logged in (BSN masked, revealed with a reason); nil: off.
	IdentityLinks *identity.Links
	// IdentityQuestions lets an agent link a conversation to a resident's BSN (audited); nil: off.
	IdentityQuestions *identity.Questions
	// Payments is online payment of fees; nil: off.
	Payments *payment.Service
	// StaffSSO signs staff in with the organisation's identity provider; nil: off.
	StaffSSO *identity.StaffSSO
	// TOTP is the second factor of local staff accounts; nil: off (no identity key).
	TOTP *identity.TOTP

	// Channels are the municipality's e-mail, WhatsApp, login and payment settings (Beheer → Kanalen).
	Channels *municipality.ChannelService
	// CheckIMAP logs in to a mailbox once, for the connection test on that page.
	CheckIMAP CheckIMAP
	// Tenants is the host's console of municipalities (Beheer → Gemeenten), answered only on HostAdminHost.
	Tenants       *tenant.Service
	HostAdminHost string
	// National is the host's national texts (Beheer → Landelijke teksten), answered only on HostAdminHost.
	National NationalTexts
	// KB is the knowledge-base service with the national texts this loket's articles may inherit (national
	// content); nil: a service on Store without national texts.
	KB *kb.Service
	// Clock is the time the handlers read (the store's clock in the app); nil: the wall clock.
	Clock func() time.Time
}

// CheckIMAP logs in to the mailbox of an e-mail channel once and reports why that failed, or nil.
type CheckIMAP func(ctx context.Context, c municipality.EmailChannel) error

// Handler serves the console; its methods are the handlers in this package's files.
type Handler struct {
	deps   Deps
	pages  *render.Renderer
	auth   *staffauth.Auth
	logins *ratelimit.Limiter // sign-in attempts per address
	staff  *staffauth.Routes  // the staff routes with their roles, once Routes has run

	accounts *auth.Accounts // staff accounts, sign-in and tokens (harden)
	throttle *auth.Throttle // growing waits after failed sign-ins, per account and per address

	reqCounts requestCounts // the navigation's cached counts of requests near their deadline, per team
}

// New is the console rendering with pages; auth identifies staff, logins bounds sign-in attempts.
func New(deps Deps, pages *render.Renderer, auth *staffauth.Auth, logins *ratelimit.Limiter) *Handler {
	return &Handler{deps: deps, pages: pages, auth: auth, logins: logins,
		accounts: newAccounts(deps), throttle: newThrottle(deps.Clock)}
}

// StaffRoutes lists the console's staff routes with their roles (after Routes).
func (h *Handler) StaffRoutes() []staffauth.RouteAccess { return h.staff.Access() }

// render writes a page in its layout; a template failure becomes the 500 page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p render.Page) {
	if p.Nav == nil {
		p.Nav = h.nav(r)
	}
	if err := h.pages.Page(w, r, status, name, p); err != nil {
		h.ServerError(w, r, err)
	}
}

// NotFound is the console's 404 page; a signed-in staff member keeps the header and the navigation.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	if _, known := auth.StaffFrom(r.Context()); !known {
		if st, err := h.auth.Identify(r); err == nil {
			r = r.WithContext(auth.WithStaff(r.Context(), st))
		}
	}
	h.render(w, r, http.StatusNotFound, "staff_error", render.Page{Title: "Pagina niet gevonden", Data: render.ErrorPage{
		Heading: "Deze pagina bestaat niet",
		Message: "Misschien is de pagina verplaatst of verwijderd, of is het adres niet goed overgenomen.",
	}})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) { h.NotFound(w, r) }

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	h.render(w, r, http.StatusBadRequest, "staff_error", render.Page{Title: "Verzoek niet goed", Data: render.ErrorPage{
		Heading: "Dit verzoek kunnen we niet verwerken", Message: msg}})
}

// ServerError logs the cause and shows a safe message in the console layout (plain when even that fails).
func (h *Handler) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	respond.LogFailure(h.deps.Log, r, err)
	err = h.pages.Page(w, r, http.StatusInternalServerError, "staff_error", render.Page{Title: "Er ging iets mis",
		Data: render.ErrorPage{Heading: "Er ging iets mis", Message: "Probeer het later nog eens. Lukt het dan nog niet? Meld het bij een beheerder."}})
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`<!doctype html><html lang="nl"><title>Er ging iets mis</title><h1>Er ging iets mis</h1>` +
			`<p>Probeer het later nog eens. Lukt het dan nog niet? Meld het bij een beheerder.</p></html>`))
	}
}

func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.ServerError(w, r, err)
}

// Unauthenticated sends a visitor without a session to the sign-in page, and back afterwards.
func (h *Handler) Unauthenticated(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Path
	if r.Method != http.MethodGet {
		target = "/beheer"
	}
	http.Redirect(w, r, "/beheer/inloggen?terug="+url.QueryEscape(target), http.StatusSeeOther)
}

// Forbidden says why an action is refused: which role the staff member has and which roles may.
func (h *Handler) Forbidden(w http.ResponseWriter, r *http.Request, st auth.Staff, roles []auth.Role) {
	var names []string
	for _, role := range roles {
		names = append(names, render.RoleName(role))
	}
	h.render(w, r, http.StatusForbidden, "staff_error", render.Page{Title: "Geen toegang", Data: render.ErrorPage{
		Heading: "U hebt geen toegang tot deze pagina",
		Message: "Uw rol is " + render.RoleName(st.Role) + ". Deze pagina is voor: " + strings.Join(names, ", ") +
			". Hebt u deze toegang nodig voor uw werk? Vraag het aan een beheerder.",
	}})
}

// parseForm reads a posted form of at most maxBytes; on false the 400 with a safe message has been written.
// Every handler that reads a form goes through here, so none of them reads an unbounded body.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request, maxBytes int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is te groot of niet goed verstuurd.")
		return false
	}
	return true
}

// parseStep reads a posted form with files; on false the 400 with a safe message has been written.
func (h *Handler) parseStep(w http.ResponseWriter, r *http.Request) bool {
	if msg := upload.ParseForm(w, r); msg != "" {
		h.badRequest(w, r, msg)
		return false
	}
	return true
}

// serveRequestFile sends a stored file of this request as a download.
func (h *Handler) serveRequestFile(w http.ResponseWriter, r *http.Request, req request.Request) {
	err := upload.ServeRequestFile(w, r, h.deps.Store, h.deps.DataDir, req)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
	case err != nil:
		h.serverError(w, r, err)
	}
}
