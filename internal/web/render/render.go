// Package render parses loket's embedded templates, serves its content-hashed static files and writes HTML
// pages; every surface that answers in HTML renders through one Renderer.
package render

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/payment"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Page is the data every template gets; Data holds the page's own values.
type Page struct {
	Title        string
	Municipality string
	Query        string
	Breadcrumbs  []Crumb
	Staff        *auth.Staff // the signed-in staff member on console pages
	Flash        string      // a one-time confirmation shown at the top of a console page
	Data         any
}

// Crumb is one step of a page's breadcrumb trail.
type Crumb struct {
	Label, URL string
}

// ErrorPage is the data of the error templates (error and staff_error).
type ErrorPage struct {
	Heading, Message string
}

// Renderer holds the parsed templates and the hashes of the static files.
type Renderer struct {
	municipality string
	pages        map[string]*template.Template
	assets       map[string]string // file path under static/ -> content hash
}

// New parses every template and hashes every static file; a missing template fails here, not at request time.
func New(municipality string) (*Renderer, error) {
	if municipality == "" {
		municipality = "Gemeente Voorbeeld"
	}
	rd := &Renderer{municipality: municipality, assets: map[string]string{}}
	if err := rd.hashAssets(); err != nil {
		return nil, err
	}
	if err := rd.parseTemplates(); err != nil {
		return nil, err
	}
	return rd, nil
}

// Municipality is the display name shown on every page, e.g. "Gemeente Voorbeeld".
func (rd *Renderer) Municipality() string { return rd.municipality }

// Page writes a full HTML page; the template runs into a buffer so a failure never sends half a page, and
// on an error nothing has been written.
func (rd *Renderer) Page(w http.ResponseWriter, r *http.Request, status int, name string, p Page) error {
	t, ok := rd.pages[name]
	if !ok {
		return errors.New("unknown template " + name)
	}
	p.Municipality = rd.municipality
	if st, ok := auth.StaffFrom(r.Context()); ok {
		p.Staff = &st
	}
	if p.Query == "" {
		p.Query = r.URL.Query().Get("q")
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

func (rd *Renderer) hashAssets() error {
	return fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rd.assets[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
}

func (rd *Renderer) parseTemplates() error {
	funcs := template.FuncMap{
		"asset":         rd.AssetURL,
		"articlePath":   kb.Path,
		"themeSlug":     kb.ThemeSlug,
		"markdown":      Markdown,
		"join":          strings.Join,
		"channelName":   channelName,
		"roleName":      RoleName,
		"date":          Date,
		"dateTime":      DateTime,
		"num":           Number,
		"pct":           Percent,
		"euro":          Euro,
		"decimal":       Decimal,
		"channelLabel":  ChannelLabel,
		"add1":          plusOne,
		"euroCents":     payment.Euro,
		"paymentStatus": PaymentStatus,
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
	rd.pages = map[string]*template.Template{}
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
		rd.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

// AssetURL is the content-hashed URL of a static file, cacheable for a year.
func (rd *Renderer) AssetURL(name string) (string, error) {
	hash, ok := rd.assets[name]
	if !ok {
		return "", fmt.Errorf("unknown asset %q", name)
	}
	return "/static/" + hash + "/" + name, nil
}

// Static serves /static/{hash}/{path...}; a stale hash still gets the file but without long caching, an
// unknown file goes to notFound.
func (rd *Renderer) Static(notFound http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("path")
		hash, ok := rd.assets[name]
		if !ok {
			notFound(w, r)
			return
		}
		if r.PathValue("hash") == hash {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		http.ServeFileFS(w, r, staticFiles, "static/"+name)
	}
}
