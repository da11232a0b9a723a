package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/yuin/goldmark"

	"loket/internal/auth"
	"loket/internal/calendar"
)

// page is the data every template gets; Data holds the page's own values.
type page struct {
	Title        string
	Municipality string
	Query        string
	Breadcrumbs  []crumb
	Staff        *auth.Staff // the signed-in staff member on console pages
	Flash        string      // a one-time confirmation shown at the top of a console page
	Data         any
}

type crumb struct {
	Label, URL string
}

// render writes a full HTML page; the template runs into a buffer so a failure never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.serverError(w, r, errors.New("unknown template "+name))
		return
	}
	p.Municipality = s.deps.Municipality
	if st, ok := auth.StaffFrom(r.Context()); ok {
		p.Staff = &st
	}
	if p.Query == "" {
		p.Query = r.URL.Query().Get("q")
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeJSON writes v as JSON with a status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

func (s *Server) apiFail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Error: msg})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiFail(w, http.StatusNotFound, "not found")
		return
	}
	s.render(w, r, http.StatusNotFound, "error", page{Title: "Pagina niet gevonden", Data: errorPage{
		Heading: "Deze pagina bestaat niet",
		Message: "Misschien is de pagina verplaatst of is het adres niet goed overgenomen. Zoek hieronder wat u nodig hebt of ga naar de homepage.",
	}})
}

func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiFail(w, http.StatusBadRequest, msg)
		return
	}
	s.render(w, r, http.StatusBadRequest, "error", page{Title: "Verzoek niet goed", Data: errorPage{
		Heading: "Dit verzoek kunnen we niet verwerken", Message: msg}})
}

// serverError logs the cause and shows the user a safe message.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.deps.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiFail(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(`<!doctype html><html lang="nl"><title>Er ging iets mis</title><h1>Er ging iets mis</h1>` +
		`<p>Probeer het later nog eens. Lukt het dan nog niet? Bel 14 0999.</p></html>`))
}

type errorPage struct {
	Heading, Message string
}

var markdown = goldmark.New()

// renderMarkdown turns article Markdown into HTML; goldmark drops raw HTML, so the output is safe.
func renderMarkdown(md string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(md), &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

var channelNames = map[string]string{
	"online": "Online", "balie": "Aan de balie, op afspraak", "telefoon": "Telefonisch: 14 0999",
	"post": "Per post", "email": "Per e-mail",
}

func roleName(r auth.Role) string { return auth.RoleNames[r] }

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
	"oktober", "november", "december"}

// formatDate writes a date the Dutch way: 3 maart 2027.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.Amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// formatDateTime writes a moment the Dutch way: 3 maart 2027 14.05 uur.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDate(t) + " " + t.In(calendar.Amsterdam).Format("15.04") + " uur"
}

func channelName(c string) string {
	if n, ok := channelNames[c]; ok {
		return n
	}
	return c
}
