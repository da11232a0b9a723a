// Package public serves the public site: home, themes, articles, search, feedback, the top-task survey,
// online request forms and status pages, the contact form, the satisfaction question and the chat widget.
// Its errors are HTML pages in the public layout.
package public

import (
	"html"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"loket/internal/appointment"
	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/municipality"
	"loket/internal/payment"
	"loket/internal/request"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/web/ratelimit"
	"loket/internal/web/render"
	"loket/internal/web/respond"
	"loket/internal/web/searchlog"
)

// Deps is what the public site needs from the rest of loket.
type Deps struct {
	Store     *store.Store
	Search    *search.Index
	SearchLog *searchlog.Logger
	Insight   *insight.Recorder // events for the insight dashboards
	Log       *slog.Logger
	BaseURL   string
	DataDir   string // uploaded files live under DataDir/uploads
	Contact   contact.Settings
	Chat      *chat.Hub // live chat connections of this instance
	Requests  *request.Service

	// Identity is resident and entrepreneur login; nil (or without a broker) turns login off.
	Identity      *identity.Service
	IdentityLinks *identity.Links // requests linked to the person who made them
	// IdentityQuestions are the person's questions on every channel in Mijn loket; nil: only requests.
	IdentityQuestions *identity.Questions
	// Payments is online payment of fees; nil: off.
	Payments *payment.Service
	// Municipality holds the settings pages show (logo, theme, top tasks); nil shows the defaults.
	Municipality *municipality.Service
	// Appointments books counter appointments (/afspraak).
	Appointments *appointment.Service
	// DraftRetention is how long a request draft is kept after its last change (--draft-retention).
	DraftRetention time.Duration
	// ContactService owns the contact rules (intake, duplicates); the contact form calls it.
	ContactService *contact.Service
	// Clock is the time the handlers read (the store's clock in the app); nil: the wall clock.
	Clock func() time.Time
}

// Handler serves the public site; its methods are the handlers in this package's files.
type Handler struct {
	deps   Deps
	pages  *render.Renderer
	limits *ratelimit.Limiter // public forms (shared with the API's public endpoints)
	hooks  *ratelimit.Limiter // chat connections per address (shared with the webhooks)
	// articles keeps the published articles that pages show in memory (article cache).
	articles *articleCache
	// catalog knows which products have a request form or an appointment (catalog cache).
	catalog *catalogCache
	// searchTrail is the search page's breadcrumb trail, rendered once.
	searchTrail struct {
		once sync.Once
		html template.HTML
	}
}

// New is the public site rendering with pages; limits bounds the forms, hooks the chat connections.
func New(deps Deps, pages *render.Renderer, limits, hooks *ratelimit.Limiter) *Handler {
	h := &Handler{deps: deps, pages: pages, limits: limits, hooks: hooks, articles: newArticleCache(deps.Store),
		catalog: newCatalogCache(deps.Store)}
	h.articles.parts = h.renderParts
	return h
}

// render writes a page in the public layout; a template failure becomes the 500 page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p render.Page) {
	if err := h.pages.Page(w, r, status, name, p); err != nil {
		h.ServerError(w, r, err)
	}
}

// NotFound is the public 404 page.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", render.Page{Title: "Pagina niet gevonden", Data: render.ErrorPage{
		Heading: "Deze pagina bestaat niet",
		Message: "Misschien is de pagina verplaatst of is het adres niet goed overgenomen. Zoek hieronder wat u nodig hebt of ga naar de homepage.",
	}})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) { h.NotFound(w, r) }

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	h.render(w, r, http.StatusBadRequest, "error", render.Page{Title: "Verzoek niet goed", Data: render.ErrorPage{
		Heading: "Dit verzoek kunnen we niet verwerken", Message: msg}})
}

// ServerError logs the cause and shows the resident a safe message.
func (h *Handler) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	respond.LogFailure(h.deps.Log, r, err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	call := ""
	if set := h.settings(); set.Contact.Phone != "" {
		call = " Lukt het dan nog niet? Bel " + html.EscapeString(set.Contact.Phone) + "."
	}
	w.Write([]byte(`<!doctype html><html lang="nl"><title>Er ging iets mis</title><h1>Er ging iets mis</h1>` +
		`<p>Probeer het later nog eens.` + call + `</p></html>`))
}

func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.ServerError(w, r, err)
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
