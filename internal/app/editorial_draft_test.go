package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestDraftOfAPublishedArticleStaysOffline: an editor saves unfinished changes to a live article as a draft;
// residents keep the published text (page and search) until the editor publishes.
func TestDraftOfAPublishedArticleStaysOffline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
		c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
		ctx := context.Background()
		art, err := a.Store.Article(ctx, "paspoort")
		if err != nil {
			t.Fatal(err)
		}
		version, err := a.Store.CurrentVersion(ctx, art.ID)
		if err != nil {
			t.Fatal(err)
		}
		live := art.Summary
		art.Summary = "Concepttekst over vingerafdrukscanners, nog niet klaar."
		code, body, final := post(t, c, srv.URL+"/beheer/artikelen/paspoort", editorForm(art, strconv.Itoa(version), "concept"))
		if code != 200 || !strings.Contains(final, "gedaan=concept-naast") || !strings.Contains(body, "Inwoners zien nog de gepubliceerde versie") {
			t.Fatalf("draft beside the live article: %d at %s", code, final)
		}
		if code, page := get(t, srv.URL+"/producten/paspoort"); code != 200 || !strings.Contains(page, htmlEscape(live)) || strings.Contains(page, "vingerafdrukscanners") {
			t.Fatalf("public page after a draft: %d, want the published text", code)
		}
		if got := searchSummary(t, srv.URL, "paspoort aanvragen", "paspoort"); got != live {
			t.Fatalf("search shows %q for the paspoort article, want the published summary", got)
		}
		code, body = fetch(t, c, srv.URL+"/beheer/artikelen/paspoort")
		if code != 200 || !strings.Contains(body, "vingerafdrukscanners") || !strings.Contains(body, "U bewerkt <strong>concept versie "+strconv.Itoa(version+1)) {
			t.Fatalf("the editor does not reopen the draft: %d", code)
		}
		code, _, final = post(t, c, srv.URL+"/beheer/artikelen/paspoort", editorForm(art, strconv.Itoa(version+1), "publiceren"))
		if code != http.StatusOK || !strings.Contains(final, "gedaan=gepubliceerd") {
			t.Fatalf("publish the draft: %d at %s", code, final)
		}
		if got := searchSummary(t, srv.URL, "paspoort aanvragen", "paspoort"); got != art.Summary {
			t.Fatalf("search after publishing the draft shows %q", got)
		}
	})
}

// searchSummary returns the summary the search API shows for one article among the results of q.
func searchSummary(t *testing.T, base, q, id string) string {
	t.Helper()
	code, body := get(t, base+"/api/v1/search?q="+url.QueryEscape(q))
	var resp struct {
		Results []struct{ ID, Summary string } `json:"results"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &resp) != nil {
		t.Fatalf("search %q: %d", q, code)
	}
	for _, r := range resp.Results {
		if r.ID == id {
			return r.Summary
		}
	}
	t.Fatalf("search %q does not find %s", q, id)
	return ""
}
