package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler is the complete HTTP surface of loket: one flat route table per surface.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	pub := &publicHandler{s}
	api := &apiHandler{s}
	con := &staffHandler{s}
	s.staffRoutes = nil

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.Handler())
	mux.HandleFunc("GET /static/{hash}/{path...}", s.serveStatic)

	// Public site.
	mux.HandleFunc("GET /{$}", pub.showHome)
	mux.HandleFunc("GET /thema/{slug}", pub.showTheme)
	mux.HandleFunc("GET /producten/{id}", pub.showArticle)
	mux.HandleFunc("GET /vragen/{id}", pub.showArticle)
	mux.HandleFunc("POST /feedback/{id}", pub.saveFeedback)
	mux.HandleFunc("GET /zoeken", pub.showSearch)
	mux.HandleFunc("GET /zoeken/klik", pub.followSearchResult)

	// Public JSON API.
	mux.HandleFunc("GET /api/v1/articles", api.listArticles)
	mux.HandleFunc("GET /api/v1/articles/{id}", api.showArticle)
	mux.HandleFunc("GET /api/v1/search", api.search)
	mux.HandleFunc("GET /api/v1/suggest", api.suggest)

	// Staff console: sign-in is open, everything else checks the role on every request.
	mux.HandleFunc("GET /beheer/inloggen", con.showLogin)
	mux.HandleFunc("POST /beheer/inloggen", con.login)
	mux.HandleFunc("POST /beheer/uitloggen", con.logout)
	s.staffRoute(mux, "GET /beheer", anyStaff, con.showHome)
	s.staffRoute(mux, "GET /beheer/tokens", anyStaff, con.showTokens)
	s.staffRoute(mux, "POST /beheer/tokens", anyStaff, con.createToken)
	s.staffRoute(mux, "POST /beheer/tokens/{id}/intrekken", anyStaff, con.deleteToken)
	s.staffRoute(mux, "GET /beheer/gebruikers", adminOnly, con.showUsers)
	s.staffRoute(mux, "POST /beheer/gebruikers", adminOnly, con.addUser)
	s.staffRoute(mux, "GET /beheer/audit", adminOnly, con.showAudit)
	s.staffRoute(mux, "GET /beheer/audit/export", adminOnly, con.exportAudit)

	// Staff JSON API (bearer tokens).
	s.staffRoute(mux, "GET /api/v1/me", anyStaff, api.showMe)

	mux.HandleFunc("/", s.notFound)

	csrf := http.NewCrossOriginProtection()
	return securityHeaders(s.observe(csrf.Handler(mux)))
}

type publicHandler struct{ *Server }

type apiHandler struct{ *Server }

type staffHandler struct{ *Server }
