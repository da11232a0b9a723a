// Package web mounts loket's HTTP surfaces (public site, staff console, JSON API, webhooks) into one
// http.Handler with the middleware they share: security headers, metrics, panic recovery, CSRF protection,
// static files and the health endpoints. Each surface has its own package, route table and error answers.
package web

import (
	"log/slog"

	"loket/internal/appointment"
	"net/netip"
	"time"

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
	"loket/internal/web/api"
	"loket/internal/web/console"
	"loket/internal/web/public"
	"loket/internal/web/ratelimit"
	"loket/internal/web/render"
	"loket/internal/web/searchlog"
	"loket/internal/web/staffauth"
	"loket/internal/web/webhook"
)

// Deps is what the web layer needs from the rest of loket; New hands each surface the part it uses.
type Deps struct {
	Store        *store.Store
	Search       *search.Index
	SearchLog    *searchlog.Logger
	Insight      *insight.Recorder // events for the insight dashboards; nil records nothing
	Log          *slog.Logger
	BaseURL      string
	Municipality *municipality.Service // who the municipality is; every page and e-mail reads it
	DataDir      string                // uploaded files live under DataDir/uploads
	Contact      contact.Settings
	Chat         *chat.Hub        // live chat connections of this instance
	WhatsApp     WhatsAppSettings // webhook secrets and approved templates
	Appointments *appointment.Service
	// MetricsToken is the bearer token /metrics on the main address requires; empty: no /metrics there.
	MetricsToken string
	// TrustedProxies are the proxies whose X-Forwarded-For names the client; none: the peer is the client.
	TrustedProxies []netip.Prefix
	TokenMaxAge    time.Duration    // longest API token lifetime
	Requests       *request.Service // the rules of online requests, shared by every surface
	DraftRetention time.Duration    // how long request drafts are kept
	// ContactService is the contact capability's service, shared by the public site, console and API.
	ContactService *contact.Service

	Identity      *identity.Service // resident login; nil: off
	IdentityLinks *identity.Links   // requests linked to whoever made them while logged in
	// IdentityQuestions are a person's questions on every channel (Mijn loket, staff links); nil: off.
	IdentityQuestions *identity.Questions
	Payments          *payment.Service   // fees paid online; nil: off
	StaffSSO          *identity.StaffSSO // staff sign-in with the organisation's identity provider; nil: off
	TOTP              *identity.TOTP     // second factor of local staff accounts; nil: off

	// Tenants: the municipality's channels (Beheer → Kanalen) and the mailbox test of that page.
	Channels  *municipality.ChannelService
	CheckIMAP console.CheckIMAP
	// The host's console of tenants, served only on HostAdminHost; nil on a tenant's site.
	Tenants       *tenant.Service
	HostAdminHost string
	KB            *kb.Service // national content: the knowledge-base service with the host's national texts
	// National is the host's console of national texts, served only on HostAdminHost; nil on a tenant's site.
	National console.NationalTexts

	// Clock is the time every handler reads (the store's clock in the app); nil: the store's clock.
	Clock func() time.Time
}

// WhatsAppSettings configure the WhatsApp webhook and the agent's template picker.
type WhatsAppSettings struct {
	VerifyToken string
	AppSecret   string // empty: the webhook answers 404
	Templates   []string
	// PhoneNumberID is the municipality's number: the webhook stores only the messages sent to it.
	PhoneNumberID string
}

// Server holds the surfaces and what they share.
type Server struct {
	log     *slog.Logger
	store   *store.Store
	pages   *render.Renderer
	public  *public.Handler
	console *console.Handler
	api     *api.Handler
	webhook *webhook.Handler

	metricsToken   string
	trustedProxies []netip.Prefix
}

// New parses every template and hashes every static file (a missing template fails here, not at request
// time) and builds each surface with the dependencies it uses.
func New(deps Deps) (*Server, error) {
	if deps.Clock == nil && deps.Store != nil {
		deps.Clock = deps.Store.Clock() // one clock for the store and the handlers
	}
	var settings func() municipality.Settings
	if deps.Municipality != nil {
		settings = deps.Municipality.Current
	}
	pages, err := render.New(settings)
	if err != nil {
		return nil, err
	}
	forms := ratelimit.New(10, 30, 10*time.Minute)   // public forms and public API intake
	logins := ratelimit.New(10, 10, 30*time.Minute)  // staff sign-in attempts per address
	hooks := ratelimit.New(600, 200, 10*time.Minute) // webhook calls per address
	chats := ratelimit.New(600, 200, 10*time.Minute) // chat connections per address: apart from the webhooks, so one cannot use up the other
	staff := staffauth.New(deps.Store, deps.Log, deps.BaseURL)
	return &Server{
		log: deps.Log, store: deps.Store, pages: pages, metricsToken: deps.MetricsToken, trustedProxies: deps.TrustedProxies,
		public: public.New(public.Deps{Store: deps.Store, Search: deps.Search, SearchLog: deps.SearchLog,
			Insight: deps.Insight, Log: deps.Log, BaseURL: deps.BaseURL, DataDir: deps.DataDir,
			Contact: deps.Contact, Chat: deps.Chat, Municipality: deps.Municipality, Appointments: deps.Appointments,
			Requests: deps.Requests, DraftRetention: deps.DraftRetention, ContactService: deps.ContactService, Identity: deps.Identity,
			IdentityLinks: deps.IdentityLinks, IdentityQuestions: deps.IdentityQuestions, Payments: deps.Payments, Clock: deps.Clock}, pages, forms, chats),
		console: console.New(console.Deps{Store: deps.Store, Search: deps.Search, Insight: deps.Insight,
			Log: deps.Log, BaseURL: deps.BaseURL, DataDir: deps.DataDir, Contact: deps.Contact, Chat: deps.Chat,
			WhatsAppTemplates: deps.WhatsApp.Templates, Municipality: deps.Municipality, Appointments: deps.Appointments,
			TokenMaxAge: deps.TokenMaxAge, Requests: deps.Requests, ContactService: deps.ContactService, IdentityLinks: deps.IdentityLinks,
			Payments: deps.Payments, StaffSSO: deps.StaffSSO, TOTP: deps.TOTP, IdentityQuestions: deps.IdentityQuestions,
			Channels: deps.Channels, CheckIMAP: deps.CheckIMAP, Tenants: deps.Tenants, HostAdminHost: deps.HostAdminHost, KB: deps.KB, National: deps.National, Clock: deps.Clock}, pages, staff, logins),
		api: api.New(api.Deps{Store: deps.Store, KB: deps.KB, Search: deps.Search, SearchLog: deps.SearchLog,
			Insight: deps.Insight, Log: deps.Log, BaseURL: deps.BaseURL, Contact: deps.Contact, Appointments: deps.Appointments,
			Requests: deps.Requests, ContactService: deps.ContactService, Payments: deps.Payments, IdentityLinks: deps.IdentityLinks,
			IdentityQuestions: deps.IdentityQuestions, Clock: deps.Clock}, staff, forms),
		webhook: webhook.New(webhook.Deps{Store: deps.Store, Insight: deps.Insight, Log: deps.Log,
			Intake: deps.ContactService, Payments: deps.Payments, IdentityLinks: deps.IdentityLinks, BaseURL: deps.BaseURL, Requests: deps.Requests,
			Appointments: deps.Appointments, IdentityQuestions: deps.IdentityQuestions}, webhook.Settings{VerifyToken: deps.WhatsApp.VerifyToken,
			AppSecret: deps.WhatsApp.AppSecret, PhoneNumberID: deps.WhatsApp.PhoneNumberID}, hooks),
	}, nil
}

// StaffRoutes lists every staff route (console, then API) with its roles, once Handler has run.
func (s *Server) StaffRoutes() []staffauth.RouteAccess {
	return append(append([]staffauth.RouteAccess{}, s.console.StaffRoutes()...), s.api.StaffRoutes()...)
}
