package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func testServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://loket.example"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEachSurfaceAnswersItsOwnNotFound checks that an unknown path gets the 404 of the surface that owns its
// prefix: JSON under /api/, the console layout under /beheer, the public page elsewhere. The expected
// bodies are the texts of the templates error.html and staff_error.html and of respond.Error.
func TestEachSurfaceAnswersItsOwnNotFound(t *testing.T) {
	h := testServer(t).Handler()
	tests := []struct {
		method, path, contentType, want, notWant string
	}{
		{"GET", "/api/v1/bestaat-niet", "application/json", `{"error":"not found"}`, "<html"},
		{"DELETE", "/api/v1/search", "application/json", `{"error":"not found"}`, "<html"},
		{"GET", "/beheer/bestaat-niet", "text/html", "Naar het beheer", "Naar de homepage"},
		{"POST", "/beheer", "text/html", "Naar het beheer", "Naar de homepage"},
		{"GET", "/bestaat-niet", "text/html", "Naar de homepage", "Naar het beheer"},
		{"GET", "/api", "text/html", "Naar de homepage", `"error"`},
		{"PUT", "/webhooks/whatsapp", "text/html", "Naar de homepage", `"error"`},
		{"GET", "/static/000000000000/bestaat-niet.css", "text/html", "Naar de homepage", `"error"`},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		body := rec.Body.String()
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", tt.method, tt.path, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
			t.Errorf("%s %s: Content-Type %q, want %s", tt.method, tt.path, ct, tt.contentType)
		}
		if !strings.Contains(body, tt.want) || strings.Contains(body, tt.notWant) {
			t.Errorf("%s %s: body %.200q, want %q and not %q", tt.method, tt.path, body, tt.want, tt.notWant)
		}
	}
}

// TestPanicGetsTheSurfacesOwn500 checks that a panic in a surface's handler is answered by that surface:
// a JSON error for the API, the public error text for the site.
func TestPanicGetsTheSurfacesOwn500(t *testing.T) {
	s := testServer(t)
	boom := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })

	rec := httptest.NewRecorder()
	recoverWith(s.api.ServerError, boom).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/articles", nil))
	var body struct{ Error string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 500 || body.Error != "internal error" {
		t.Errorf("API panic: %d %q (%v), want 500 {\"error\":\"internal error\"}", rec.Code, rec.Body.String(), err)
	}

	rec = httptest.NewRecorder()
	recoverWith(s.public.ServerError, boom).ServeHTTP(rec, httptest.NewRequest("GET", "/zoeken", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Er ging iets mis") {
		t.Errorf("public panic: %d %q, want 500 with the public error text", rec.Code, rec.Body.String())
	}
}
