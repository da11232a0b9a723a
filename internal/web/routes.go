package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler is the complete HTTP surface of loket: operations here, and each surface mounted on the paths it
// owns with its own route table (public.Routes, console.Routes, api.Routes, webhook.Routes).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if s.metricsToken != "" { // else /metrics is only on --metrics-addr (MetricsHandler), or off
		mux.Handle("GET /metrics", requireBearer(s.metricsToken, http.HandlerFunc(s.public.NotFound), promhttp.Handler()))
	}
	mux.HandleFunc("GET /static/{hash}/{path...}", s.pages.Static(s.public.NotFound))

	// Surfaces. Each answers its own errors, a panic included; the public site takes every path no other
	// surface claims.
	pub := http.NewServeMux()
	s.public.Routes(pub)
	mux.Handle("/", recoverWith(s.public.ServerError, pub))

	con := http.NewServeMux()
	s.console.Routes(con)
	mux.Handle("/beheer", recoverWith(s.console.ServerError, con))
	mux.Handle("/beheer/", recoverWith(s.console.ServerError, con))

	api := http.NewServeMux()
	s.api.Routes(api)
	mux.Handle("/api/", recoverWith(s.api.ServerError, api))
	mux.Handle("/api", recoverWith(s.public.ServerError, pub)) // not a redirect to /api/: the public 404

	hooks := http.NewServeMux()
	s.webhook.Routes(hooks)
	mux.Handle("GET /webhooks/whatsapp", recoverWith(s.webhook.ServerError, hooks))
	mux.Handle("POST /webhooks/whatsapp", recoverWith(s.webhook.ServerError, hooks))

	csrf := http.NewCrossOriginProtection()
	return clientAddress(s.trustedProxies, securityHeaders(s.observe(csrf.Handler(mux))))
}

// MetricsHandler serves /metrics alone, for the separate --metrics-addr listener.
func MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.Handler())
	return mux
}
