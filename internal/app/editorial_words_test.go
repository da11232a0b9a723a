package app_test

import (
	"net/url"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/store"
)

// An editor adds a word of her own to the officialese list; the language check in the editor finds it at
// once. A wrong line is refused with its number and nothing is saved.
func TestEditorsExtendTheOfficialeseList(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
	c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
	code, body, _ := post(t, c, srv.URL+"/beheer/redactie/ambtelijke-woorden", url.Values{"woorden": {"# eigen\nbeschikking = besluit\nzonder isgelijkteken"}})
	if code != 422 || !strings.Contains(body, "regel 3") {
		t.Fatalf("wrong line: %d, want 422 naming line 3", code)
	}
	code, _, final := post(t, c, srv.URL+"/beheer/redactie/ambtelijke-woorden", url.Values{"woorden": {"# eigen\nbeschikking = besluit"}})
	if code != 200 || !strings.Contains(final, "gedaan=woorden") {
		t.Fatalf("save: %d at %s", code, final)
	}
	_, body, _ = post(t, c, srv.URL+"/beheer/redactie/taal", url.Values{"tekst": {"U krijgt de beschikking per post."}})
	if !strings.Contains(body, `"hint":"Schrijf liever: besluit"`) {
		t.Fatalf("language check after saving the word: %s", body)
	}
}
