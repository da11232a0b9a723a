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
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/municipality"
	"loket/internal/payment"
	"loket/internal/request"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Page is the data every template gets; Data holds the page's own values.
type Page struct {
	Title        string
	Municipality string                // the municipality's name, e.g. "Gemeente Anders"
	Muni         municipality.Settings // who the municipality is: contact details, promises, footer links
	Query        string
	Breadcrumbs  []Crumb
	// BreadcrumbsHTML, when set, is Breadcrumbs rendered beforehand (Renderer.Breadcrumbs), for a page
	// whose trail is always the same.
	BreadcrumbsHTML template.HTML
	Staff           *auth.Staff // the signed-in staff member on console pages
	Flash           string      // a one-time confirmation shown at the top of a console page
	Nav             *ConsoleNav // the console's navigation with live counters; nil outside the console
	// Chrome is the public layout's parts that follow from Muni alone, rendered once per settings; nil
	// renders them from Muni.
	Chrome *Chrome
	Data   any
}

// Chrome holds the parts of the public layout that depend only on the municipality's settings and the
// static files (the head's links, the logo, the footer), rendered once for each settings and then shown
// as they are: a page view no longer hashes the theme or escapes the footer's links.
type Chrome struct {
	Head, Logo, Footer template.HTML
	muni               municipality.Settings // what they were rendered from
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
	settings func() municipality.Settings
	pages    map[string]*template.Template
	assets   map[string]string      // file path under static/ -> content hash
	chrome   atomic.Pointer[Chrome] // the public layout's parts for the settings last seen
}

// New parses every template and hashes every static file; a missing template fails here, not at request
// time. settings gives the municipality's current settings for every page; nil uses the neutral defaults.
func New(settings func() municipality.Settings) (*Renderer, error) {
	if settings == nil {
		settings = municipality.Defaults
	}
	if err := parseOnce(); err != nil {
		return nil, err
	}
	return &Renderer{settings: settings, pages: parsed.pages, assets: parsed.assets}, nil
}

// parsed holds the templates and asset hashes, the same for every Renderer: a deployment with hundreds of
// tenants parses them once. Nothing in them depends on a tenant; a page's municipality comes in its data.
var parsed struct {
	once   sync.Once
	pages  map[string]*template.Template
	assets map[string]string
	err    error
}

func parseOnce() error {
	parsed.once.Do(func() {
		rd := &Renderer{assets: map[string]string{}}
		if parsed.err = rd.hashAssets(); parsed.err != nil {
			return
		}
		if parsed.err = rd.parseTemplates(); parsed.err != nil {
			return
		}
		parsed.pages, parsed.assets = rd.pages, rd.assets
	})
	return parsed.err
}

// Municipality is the display name shown on every page, e.g. "Gemeente Anders".
func (rd *Renderer) Municipality() string { return rd.settings().Name }

// Settings are the municipality's current settings.
func (rd *Renderer) Settings() municipality.Settings { return rd.settings() }

// Page writes a full HTML page; the template runs into a buffer so a failure never sends half a page, and
// on an error nothing has been written.
func (rd *Renderer) Page(w http.ResponseWriter, r *http.Request, status int, name string, p Page) error {
	t, ok := rd.pages[name]
	if !ok {
		return errors.New("unknown template " + name)
	}
	p.Muni = rd.settings()
	p.Municipality = p.Muni.Name
	if !strings.HasPrefix(name, "staff_") { // the console's layout has parts of its own
		p.Chrome = rd.chromeFor(t, p.Muni)
	}
	if st, ok := auth.StaffFrom(r.Context()); ok {
		p.Staff = &st
	}
	if p.Query == "" {
		p.Query = r.URL.Query().Get("q")
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.Execute(buf, p); err != nil {
		return err
	}
	w.Header()["Content-Type"] = htmlContentType
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// Fragment renders the template name defined in page's templates with data, for a part of a page that is
// rendered once and then shown as it is (an article's text, say). The municipality's settings are not
// filled in: a fragment must not depend on them.
func (rd *Renderer) Fragment(page, name string, data any) (template.HTML, error) {
	t, ok := rd.pages[page]
	if !ok {
		return "", errors.New("unknown template " + page)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// Breadcrumbs renders a breadcrumb trail once, for Page.BreadcrumbsHTML.
func (rd *Renderer) Breadcrumbs(crumbs []Crumb) (template.HTML, error) {
	return rd.Fragment("home", "breadcrumbs", crumbs)
}

// chromeFor returns the public layout's parts for muni, rendered with t's templates when the settings
// changed since the last page. A failure leaves them to the page's own template (nil).
func (rd *Renderer) chromeFor(t *template.Template, muni municipality.Settings) *Chrome {
	if c := rd.chrome.Load(); c != nil && reflect.DeepEqual(c.muni, muni) {
		return c
	}
	c := &Chrome{muni: muni}
	p := Page{Muni: muni, Municipality: muni.Name}
	for _, part := range []struct {
		name string
		out  *template.HTML
	}{{"layout-head", &c.Head}, {"layout-logo", &c.Logo}, {"layout-footer", &c.Footer}} {
		var b strings.Builder
		if err := t.ExecuteTemplate(&b, part.name, p); err != nil {
			return nil
		}
		*part.out = template.HTML(b.String())
	}
	rd.chrome.Store(c)
	return c
}

// htmlContentType is the Content-Type of every page, prepared once.
var htmlContentType = []string{"text/html; charset=utf-8"}

// pageBuffers reuse the buffers pages are rendered into, so a view does not grow a new one from empty.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // keep an unusually large page's buffer from staying in the pool
		return
	}
	b.Reset()
	pageBuffers.Put(b)
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
		"count":         Count,
		"pct":           Percent,
		"euro":          Euro,
		"decimal":       Decimal,
		"channelLabel":  ChannelLabel,
		"add1":          plusOne,
		"daycount":      request.DayCount,
		"hoursText":     municipality.HoursText,
		"field":         formField,
		"secret":        secretField,
		"choice":        choiceField,
		"telLink":       telLink,
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

// FormField is what the "municipality-field" partial needs to show one labelled text field with its help
// and its error.
type FormField struct {
	Name, Label, Value, Help, Error, Type string
}

// formField builds a FormField in a template: field "name" "Label" .Value "help" $.Data.Errors.
func formField(name, label, value, help string, errs map[string]string) FormField {
	return FormField{Name: name, Label: label, Value: value, Help: help, Error: errs[name], Type: "text"}
}

// telLink is the tel: link of the municipality's phone number. html/template refuses tel: URLs from a
// string; this one holds only digits and a leading + (municipality.Settings.PhoneLink), so it is safe.
func telLink(s municipality.Settings) template.URL { return template.URL(s.PhoneLink()) }
