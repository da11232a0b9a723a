// Package web serves loket's public site, staff console and JSON API, server-rendered with html/template.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Deps is what the web layer needs from the rest of loket.
type Deps struct {
	Store        *store.Store
	Search       *search.Index
	SearchLog    *SearchLogger
	Insight      *insight.Recorder // events for the insight dashboards; nil records nothing
	Log          *slog.Logger
	BaseURL      string
	Municipality string // display name, e.g. "Gemeente Voorbeeld"
	DataDir      string // uploaded files live under DataDir/uploads
	Contact      contact.Settings
	Chat         *chat.Hub        // live chat connections of this instance
	WhatsApp     WhatsAppSettings // webhook secrets and approved templates
}

// Server holds the parsed templates and assets shared by every surface.
type Server struct {
	deps   Deps
	pages  map[string]*template.Template
	assets map[string]string // file path under static/ -> content hash
	limits *rateLimiter      // public forms
	logins *rateLimiter      // staff sign-in attempts per address
	hooks  *rateLimiter      // webhook calls per source address

	staffRoutes []RouteAccess
}

// New parses every template and hashes every static file; a missing template fails here, not at request time.
func New(deps Deps) (*Server, error) {
	if deps.Municipality == "" {
		deps.Municipality = "Gemeente Voorbeeld"
	}
	s := &Server{deps: deps, assets: map[string]string{}, limits: newRateLimiter(10, 30, 10*time.Minute),
		logins: newRateLimiter(10, 10, 30*time.Minute), hooks: newRateLimiter(600, 200, 10*time.Minute)}
	if err := s.hashAssets(); err != nil {
		return nil, err
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) hashAssets() error {
	return fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		s.assets[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
}

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"asset":        s.assetURL,
		"articlePath":  kb.Path,
		"themeSlug":    kb.ThemeSlug,
		"markdown":     renderMarkdown,
		"join":         strings.Join,
		"channelName":  channelName,
		"roleName":     roleName,
		"date":         formatDate,
		"dateTime":     formatDateTime,
		"num":          formatNumber,
		"pct":          formatPercent,
		"euro":         formatEuro,
		"decimal":      formatDecimal,
		"channelLabel": channelLabel,
		"add1":         plusOne,
	}
	layouts := map[string]*template.Template{}
	for _, name := range []string{"layout.html", "staff_layout.html"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/"+name, "templates/partials.html")
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		layouts[name] = t
	}
	entries, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, file := range entries {
		name := path.Base(file)
		if layouts[name] != nil || name == "partials.html" {
			continue
		}
		// Staff console pages (staff_*.html) get the console layout, the rest the public one.
		layout := layouts["layout.html"]
		if strings.HasPrefix(name, "staff_") {
			layout = layouts["staff_layout.html"]
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, file)
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		s.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

// assetURL is the content-hashed URL of a static file, cacheable for a year.
func (s *Server) assetURL(name string) (string, error) {
	hash, ok := s.assets[name]
	if !ok {
		return "", fmt.Errorf("unknown asset %q", name)
	}
	return "/static/" + hash + "/" + name, nil
}

// serveStatic serves /static/{hash}/{path...}; a stale hash still gets the file but without long caching.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	hash, ok := s.assets[name]
	if !ok {
		s.notFound(w, r)
		return
	}
	if r.PathValue("hash") == hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(w, r, staticFiles, "static/"+name)
}

var bufPool = sync.Pool{New: func() any { return new(strings.Builder) }}
