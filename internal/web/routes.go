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

	mux.HandleFunc("/", s.notFound)

	csrf := http.NewCrossOriginProtection()
	return securityHeaders(s.observe(csrf.Handler(mux)))
}

type publicHandler struct{ *Server }

type apiHandler struct{ *Server }
