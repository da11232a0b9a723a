package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"loket/internal/store"
)

// FuzzSearchQuery sends any byte sequence as a search query to the API and the search page: the answer is
// 200 or a clear 400, never a 500 or a panic.
func FuzzSearchQuery(f *testing.F) {
	for _, q := range []string{"paspoort", "mn paspoort is verlopen", "\xff\xfe", "a\x00b", "\"'<script>", "kliko~2^3 OR *",
		"", " ", "é", "parkeer-vergunning!!"} {
		f.Add(q)
	}
	_, a := startDemo(f, store.SQLite)
	h := a.Handler()
	f.Fuzz(func(t *testing.T, q string) {
		for _, path := range []string{"/api/v1/search", "/api/v1/suggest", "/zoeken"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path+"?q="+url.QueryEscape(q), nil))
			switch rec.Code {
			case http.StatusOK:
			case http.StatusBadRequest:
				if path != "/zoeken" {
					var body struct{ Error string }
					if json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Error == "" {
						t.Fatalf("%s %q: 400 without an error message: %s", path, q, rec.Body)
					}
				}
			default:
				t.Fatalf("%s %q: status %d", path, q, rec.Code)
			}
		}
	})
}
