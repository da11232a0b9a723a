package api

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestAPIDocsListEveryRouteOnce fails when a route has two lines in apiDocs: the later one silently wins in
// the generated document, so the other is dead text that readers take for the truth.
func TestAPIDocsListEveryRouteOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range apiDocs {
		if seen[d.Route] {
			t.Errorf("%s has more than one line in apiDocs (openapi.go)", d.Route)
		}
		seen[d.Route] = true
	}
}

// TestOpenAPIServedConcurrently requests the document from many goroutines at once: the shared document
// must not be written per request (run with -race, as scripts/test.sh does).
func TestOpenAPIServedConcurrently(t *testing.T) {
	h := &Handler{deps: Deps{BaseURL: "https://loket.example"}}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.showOpenAPI(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("status %d", rec.Code)
			}
		})
	}
	wg.Wait()
	if _, ok := openAPIDoc()["servers"]; ok {
		t.Error("the shared OpenAPI document got a per-request servers entry")
	}
}
