package app_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestEveryUploadIsRateLimited reproduces the disk filling of finding 6: only a request's first step was
// rate-limited, so 30 uploads to one draft in under a second were all written. Every post with a file to
// a draft now counts against the address's limit (a burst of 30 a minute): the upload past it gets 429.
func TestEveryUploadIsRateLimited(t *testing.T) {
	srv, a := startOn(t, storetest.Open(t, store.SQLite).DSN(), true)
	seedForms(t, a)
	event := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	_, _, body := postMultipart(t, srv.URL+"/producten/evenementenvergunning/aanvragen", "", map[string]string{
		"naam_evenement": "Zomerfeest", "datum_evenement": event, "bezoekers": "veel", "locatie": "Marktplein"})
	action := regexp.MustCompile(`action="(/aanvraag/[A-Za-z0-9_-]{43})\?stap=1"`).FindStringSubmatch(body)
	if action == nil {
		t.Fatal("no draft")
	}
	draft := srv.URL + action[1]
	// The saved draft says how long it is kept: --draft-retention, 30 days by default.
	if _, body := get(t, draft+"?stap=1&bewaard=1"); !strings.Contains(body, "We bewaren uw aanvraag 30 dagen na uw laatste wijziging") {
		t.Fatal("the saved draft does not say how long it is kept")
	}
	postMultipart(t, draft, "", map[string]string{"stap": "1", "naam_evenement": "Zomerfeest", "datum_evenement": event,
		"bezoekers": "500", "locatie": "Marktplein", "muziek": "nee"})
	// The first step used one token of the burst of 30; 29 uploads pass, the 30th is refused.
	for i := range 30 {
		code, _, _ := postMultipart(t, draft, "", map[string]string{"stap": "2"}, upload{"situatietekening", "tekening.pdf", pdfBytes})
		switch {
		case i < 29 && code == http.StatusTooManyRequests:
			t.Fatalf("upload %d refused", i+1)
		case i == 29 && code != http.StatusTooManyRequests:
			t.Fatalf("upload 30 after the first step: %d, want 429", code)
		}
	}
}
