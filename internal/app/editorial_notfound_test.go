package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/store"
)

// Residents search twice for words no article has and open nothing; the editor finds the query on "vaak
// gezocht, niet gevonden", adds it to an article with one click, and search finds the article with it.
func TestNotFoundWorkList(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
	c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
	const query = "zwerfkei tuin" // words no demo article has
	for range 2 {
		if code, _ := get(t, srv.URL+"/zoeken?q="+url.QueryEscape(query)); code != 200 {
			t.Fatalf("search: %d", code)
		}
	}
	// The search log is written in batches: wait until both searches are stored.
	waitUntil(t, "the searches are logged", func() bool {
		rows, err := a.Store.NotFoundSearches(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour), 30)
		return err == nil && len(rows) > 0 && rows[0].Query == query && rows[0].N == 2
	})
	code, body := fetch(t, c, srv.URL+"/beheer/redactie/niet-gevonden")
	if code != 200 || !strings.Contains(body, "<td class=\"utrecht-table__cell\">"+query+"</td>") {
		t.Fatalf("work list: %d, want %q in it", code, query)
	}
	code, body, final := post(t, c, srv.URL+"/beheer/redactie/niet-gevonden/trefwoord", url.Values{"zoekvraag": {query}, "artikel": {"grofvuil"}})
	if code != 200 || !strings.Contains(final, "gedaan=trefwoord") {
		t.Fatalf("add as keyword: %d at %s", code, final)
	}
	if ids := searchIDs(t, srv.URL, query); len(ids) == 0 || ids[0] != "grofvuil" {
		t.Fatalf("search after adding the keyword: %v, want grofvuil first", ids)
	}
	if !strings.Contains(body, `href="/beheer/artikelen/grofvuil"`) {
		t.Error("the work list does not show what search finds now")
	}
}
