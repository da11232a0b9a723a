package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// call sends a request with an optional bearer token and returns the status and body.
func call(t *testing.T, method, u, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// searchIDs returns the ids of the public search results for q.
func searchIDs(t *testing.T, base, q string) []string {
	t.Helper()
	code, body := get(t, base+"/api/v1/search?q="+url.QueryEscape(q))
	var res struct {
		Results []struct{ ID string } `json:"results"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &res) != nil {
		t.Fatalf("search %q: %d %s", q, code, body)
	}
	var ids []string
	for _, r := range res.Results {
		ids = append(ids, r.ID)
	}
	return ids
}

func articleJSON(t *testing.T, a kb.Article) string {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestArticleAPI writes articles through the API as an editor integration would, on both databases.
func TestArticleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		_, editor := addStaff(t, a, "redactie@voorbeeld.nl", auth.RoleEditor)
		_, agent := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
		art := kb.Article{ID: "kerstboom-inleveren", Type: kb.TypeVAC, Title: "Kerstboom inleveren", Theme: "Afval",
			Summary: "Zet uw kerstboom op 8 januari aan de straat.", Body: "De gemeente haalt de **kerstboom** op.",
			Internal: "Niet ophalen in het buitengebied.", Owner: "Team Afval en Grondstoffen", ReviewBy: "2027-01-31"}
		u := srv.URL + "/api/v1/articles/" + art.ID

		if code, _ := call(t, "PUT", u, agent, articleJSON(t, art)); code != http.StatusForbidden {
			t.Fatalf("agent PUT: %d, want 403", code)
		}
		if code, _ := call(t, "PUT", u, "", articleJSON(t, art)); code != http.StatusUnauthorized {
			t.Fatalf("PUT without token: %d, want 401", code)
		}
		bad := art
		bad.ReviewBy = "31-01-2027"
		code, body := call(t, "PUT", u, editor, articleJSON(t, bad))
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"review_by"`) {
			t.Fatalf("bad review date: %d %s, want 422 naming review_by", code, body)
		}
		// Every rule the console checks holds for the API too, and the answer names every wrong field at
		// once: owner team, review date, a UPL name from the national list, the title.
		bad = art
		bad.Owner, bad.ReviewBy, bad.UPL, bad.Title = "", "", "Bestaat niet in de UPL", ""
		code, body = call(t, "PUT", u, editor, articleJSON(t, bad))
		var refused struct {
			Fields map[string]string `json:"fields"`
		}
		if err := json.Unmarshal([]byte(body), &refused); err != nil || code != http.StatusUnprocessableEntity || len(refused.Fields) != 4 ||
			refused.Fields["owner"] != "Vul het team in dat dit artikel actueel houdt." || refused.Fields["review_by"] == "" ||
			refused.Fields["upl"] == "" || refused.Fields["title"] == "" {
			t.Fatalf("article breaking four rules: %d %s, want 422 with the four fields", code, body)
		}
		if code, body := call(t, "PUT", u, editor, `{"id": "kerstboom-inleveren", "colour": "groen"}`); code != 422 || !strings.Contains(body, "colour") {
			t.Fatalf("unknown field: %d %s", code, body)
		}
		if code, _ := call(t, "PUT", srv.URL+"/api/v1/articles/iets-anders", editor, articleJSON(t, art)); code != 422 {
			t.Fatalf("id in body differs from URL: %d, want 422", code)
		}
		if _, err := a.Store.Article(context.Background(), art.ID); err == nil {
			t.Fatal("a refused PUT stored the article")
		}

		if code, body := call(t, "PUT", u, editor, articleJSON(t, art)); code != http.StatusCreated || !strings.Contains(body, art.Internal) {
			t.Fatalf("create: %d %s", code, body)
		}
		if ids := searchIDs(t, srv.URL, "kerstboom"); len(ids) == 0 || ids[0] != art.ID {
			t.Fatalf("search right after the PUT: %v, want %s first", ids, art.ID)
		}
		if _, body := get(t, u); strings.Contains(body, art.Internal) {
			t.Fatal("public GET shows the internal note")
		}
		if code, body := call(t, "GET", u, agent, ""); code != 200 || !strings.Contains(body, art.Internal) {
			t.Fatalf("staff GET: %d, want the internal note", code)
		}
		if code, _ := call(t, "GET", u, "lkt_"+strings.Repeat("x", 43), ""); code != http.StatusUnauthorized {
			t.Fatalf("GET with a bad token: %d, want 401", code)
		}

		// A draft of a published article is a concept beside it, as in the console: residents keep the
		// published text; taking it offline is its own operation.
		published := art.Summary
		art.State, art.Summary = kb.StateDraft, "Concept: nog niet klaar."
		if code, _ := call(t, "PUT", u, editor, articleJSON(t, art)); code != http.StatusOK {
			t.Fatalf("update to draft: %d", code)
		}
		if code, body := get(t, u); code != http.StatusOK || !strings.Contains(body, published) || strings.Contains(body, "nog niet klaar") {
			t.Fatalf("public GET after a concept: %d %s, want the published text", code, body)
		}
		if code, body := call(t, "POST", u+"/offline", editor, ""); code != http.StatusOK || !strings.Contains(body, `"live_version":0`) {
			t.Fatalf("offline: %d %s", code, body)
		}
		if ids := searchIDs(t, srv.URL, "kerstboom"); len(ids) > 0 && ids[0] == art.ID {
			t.Fatal("an article taken offline is still found by public search")
		}
		if code, _ := get(t, u); code != http.StatusNotFound {
			t.Fatalf("public GET of an article taken offline: %d", code)
		}
		if code, body := call(t, "POST", u+"/online", editor, ""); code != http.StatusOK || !strings.Contains(body, published) {
			t.Fatalf("back online: %d %s, want the text it had", code, body)
		}
		if code, body := call(t, "POST", u+"/publish", editor, ""); code != http.StatusOK || !strings.Contains(body, "nog niet klaar") {
			t.Fatalf("publish the concept: %d %s", code, body)
		}
		if code, body := call(t, "POST", u+"/versions/1/restore", editor, ""); code != http.StatusOK || !strings.Contains(body, `"outcome":"concept-beside"`) {
			t.Fatalf("restore version 1: %d %s", code, body)
		}
		if code, body := get(t, u); code != http.StatusOK || !strings.Contains(body, "nog niet klaar") {
			t.Fatalf("public GET after a restore: %d %s, want the published concept still", code, body)
		}
		if code, _ := call(t, "DELETE", u, editor, ""); code != http.StatusNoContent {
			t.Fatalf("delete: %d", code)
		}
		if code, _ := call(t, "DELETE", u, editor, ""); code != http.StatusNotFound {
			t.Fatalf("second delete: %d, want 404", code)
		}
		entries, err := a.Store.AuditEntries(context.Background(), store.AuditFilter{ObjectType: "article", ObjectID: art.ID})
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			actions = append(actions, entries[i].Action)
		}
		if want := "create update depublish republish publish restore delete"; err != nil || strings.Join(actions, " ") != want {
			t.Fatalf("audit of the article: %v (%v), want %s", actions, err, want)
		}
	})
}

// consoleClient signs in to the console and returns a client that keeps the session.
func consoleClient(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/beheer/inloggen", url.Values{"email": {email}, "wachtwoord": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("login as %s: %d", email, resp.StatusCode)
	}
	return c
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Request.URL.String()
}

func fetch(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func editorForm(a kb.Article, version, action string) url.Values {
	return url.Values{"id": {a.ID}, "type": {a.Type}, "title": {a.Title}, "theme": {a.Theme}, "summary": {a.Summary},
		"body": {a.Body}, "internal": {a.Internal}, "owner": {a.Owner}, "review_by": {a.ReviewBy}, "upl": {a.UPL},
		"audience": a.Audience, "channels": a.Channels, "keywords": {strings.Join(a.Keywords, ", ")},
		"related": {strings.Join(a.Related, ", ")}, "versie": {version}, "actie": {action}}
}

// TestArticleEditorJourney is an editor's day in the console: a form with a mistake, publishing, a second
// version, the diff, and restoring the first version, each visible in public search at once.
func TestArticleEditorJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
		c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
		art := kb.Article{ID: "snoeiafval", Type: kb.TypeVAC, Title: "Snoeiafval wegbrengen", Theme: "Afval",
			Summary: "Breng snoeiafval gratis naar de milieustraat.", Body: "U brengt **takken** naar de milieustraat.",
			Internal: "Bij meer dan 2 m3: verwijs naar een hovenier.", Owner: "Team Afval en Grondstoffen",
			ReviewBy: "2027-03-01", Audience: []string{"inwoner"}, UPL: "Afvalinzamelstation"}

		missing := art
		missing.Title = ""
		missing.UPL = "Bestaat niet in de UPL"
		code, body, _ := post(t, c, srv.URL+"/beheer/nieuw-artikel", editorForm(missing, "0", "publiceren"))
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Vul een titel in") ||
			!strings.Contains(body, "Uniforme Productnamenlijst. Kies") || !strings.Contains(body, art.Internal) {
			t.Fatalf("form with mistakes: %d; want 422 with a message per field and the input kept", code)
		}
		if !strings.Contains(body, `aria-describedby="title-fout"`) {
			t.Error("the title error is not tied to its field with aria-describedby")
		}

		code, body, final := post(t, c, srv.URL+"/beheer/nieuw-artikel", editorForm(art, "0", "publiceren"))
		if code != 200 || !strings.HasSuffix(final, "/beheer/artikelen/snoeiafval?gedaan=gepubliceerd") || !strings.Contains(body, "is gepubliceerd") {
			t.Fatalf("publish: %d at %s", code, final)
		}
		saved, err := a.Store.Article(context.Background(), art.ID)
		if err != nil || saved.UPL != "afvalinzamelstation" || saved.Internal != art.Internal || !saved.Published() {
			t.Fatalf("stored article: %+v, %v; want the UPL name as the list spells it", saved, err)
		}
		if ids := searchIDs(t, srv.URL, "takken milieustraat"); len(ids) == 0 || ids[0] != art.ID {
			t.Fatalf("search after publishing: %v", ids)
		}

		art.Body = "U brengt **takken en bladeren** naar de milieustraat.\n\nHet is gratis tot 2 m3."
		if code, _, _ := post(t, c, srv.URL+"/beheer/artikelen/snoeiafval", editorForm(art, "0", "publiceren")); code != http.StatusConflict {
			t.Fatalf("saving over a newer version: %d, want 409", code)
		}
		if code, _, _ := post(t, c, srv.URL+"/beheer/artikelen/snoeiafval", editorForm(art, "1", "publiceren")); code != 200 {
			t.Fatalf("second version: %d", code)
		}
		if ids := searchIDs(t, srv.URL, "bladeren"); len(ids) == 0 || ids[0] != art.ID {
			t.Fatalf("search for the new word: %v", ids)
		}

		code, body = fetch(t, c, srv.URL+"/beheer/artikelen/snoeiafval/versies/2")
		if code != 200 || !strings.Contains(body, "+ U brengt **takken en bladeren**") || !strings.Contains(body, "− U brengt **takken** naar") {
			t.Fatalf("diff of version 2: %d\n%s", code, body)
		}
		code, _, final = post(t, c, srv.URL+"/beheer/artikelen/snoeiafval/versies/1/herstellen", nil)
		if code != 200 || !strings.Contains(final, "gedaan=hersteld") {
			t.Fatalf("restore: %d at %s", code, final)
		}
		versions, err := a.Store.ArticleVersions(context.Background(), art.ID)
		if err != nil || len(versions) != 3 || strings.Contains(versions[0].Article.Body, "bladeren") {
			t.Fatalf("after restoring: %d versions (%v), newest must have the old text", len(versions), err)
		}
		// The restored version is a concept: residents (and search) keep the published version 2.
		if ids := searchIDs(t, srv.URL, "bladeren"); len(ids) == 0 || ids[0] != art.ID {
			t.Fatalf("search after a restore: %v, want the published text still", ids)
		}
		code, _, final = post(t, c, srv.URL+"/beheer/artikelen/snoeiafval/publiceren", nil)
		if code != 200 || !strings.Contains(final, "gedaan=gepubliceerd") {
			t.Fatalf("publish the restored concept: %d at %s", code, final)
		}
		if ids := searchIDs(t, srv.URL, "bladeren"); len(ids) > 0 && ids[0] == art.ID {
			t.Fatal("search still finds the text of the replaced version after publishing the restored one")
		}

		code, body = fetch(t, c, srv.URL+"/beheer/artikelen?team="+url.QueryEscape(art.Owner)+"&zoek=snoei")
		if code != 200 || !strings.Contains(body, "Snoeiafval wegbrengen") || strings.Contains(body, "Paspoort aanvragen") {
			t.Fatalf("filtered list: %d", code)
		}
		entries, _ := a.Store.AuditEntries(context.Background(), store.AuditFilter{Actor: "eva@voorbeeld.nl", ObjectID: art.ID})
		if len(entries) != 4 {
			t.Errorf("audit: %d entries for the article, want create, update, restore and publish", len(entries))
		}
	})
}

// TestLanguageAndPreviewEndpoints checks what the editor's script gets while typing.
func TestLanguageAndPreviewEndpoints(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
	c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
	text := "Indien u een paspoort aanvraagt, dient u een pasfoto mee te nemen. <script>alert(1)</script>"
	code, body, _ := post(t, c, srv.URL+"/beheer/redactie/taal", url.Values{"tekst": {text}})
	var rep struct {
		Level       string
		Officialese []struct{ Text, Hint string }
		Marked      string
	}
	if code != 200 || json.Unmarshal([]byte(body), &rep) != nil || rep.Level == "" || len(rep.Officialese) == 0 {
		t.Fatalf("language check: %d %s", code, body)
	}
	if strings.Contains(rep.Marked, "<script>") || !strings.Contains(rep.Marked, `<mark class="taal-ambtelijk"`) {
		t.Fatalf("marked text must escape the input and mark officialese: %s", rep.Marked)
	}
	code, body, _ = post(t, c, srv.URL+"/beheer/redactie/voorbeeld", url.Values{"tekst": {"## Kop\n\n[x](javascript:alert(1)) <b>vet</b>"}})
	if code != 200 || !strings.Contains(body, "<h2>Kop</h2>") || strings.Contains(body, "javascript:") || strings.Contains(body, "<b>") {
		t.Fatalf("preview: %d %s", code, body)
	}
	code, body = fetch(t, c, srv.URL+"/beheer/redactie/upl?q=paspo")
	if code != 200 || !strings.Contains(body, `"paspoort"`) {
		t.Fatalf("UPL picker: %d %s", code, body)
	}
}

// TestReviewWorkList: overdue articles come first, one click keeps an article current, managers see counts.
func TestReviewWorkList(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	ctx := context.Background()
	password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
	c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
	now := time.Now().In(calendar.Amsterdam)
	set := func(id string, review time.Time) {
		art, err := a.Store.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		art.Owner, art.ReviewBy = "Team Test", review.Format(time.DateOnly)
		if err := a.Store.SaveArticle(ctx, art, "test"); err != nil {
			t.Fatal(err)
		}
	}
	set("paspoort", now.AddDate(0, 0, -3))
	set("rijbewijs", now.AddDate(0, 0, 10))
	set("identiteitskaart", now.AddDate(0, 3, 0))

	code, body := fetch(t, c, srv.URL+"/beheer/controle?team=Team+Test")
	late, soon := strings.Index(body, "Te laat"), strings.Index(body, "Binnen 30 dagen")
	pas, rij := strings.Index(body, "/beheer/artikelen/paspoort\""), strings.Index(body, "/beheer/artikelen/rijbewijs\"")
	if code != 200 || late < 0 || !(late < pas && pas < soon && soon < rij) || strings.Contains(body, "/beheer/artikelen/identiteitskaart\"") {
		t.Fatalf("work list: %d; want paspoort under Te laat, rijbewijs under Binnen 30 dagen, identiteitskaart not at all", code)
	}
	before, _ := a.Store.CurrentVersion(ctx, "paspoort")
	code, body, _ = post(t, c, srv.URL+"/beheer/artikelen/paspoort/gecontroleerd", url.Values{"team": {"Team Test"}})
	if code != 200 || !strings.Contains(body, "is gecontroleerd") || strings.Contains(body, "/beheer/artikelen/paspoort\"") {
		t.Fatalf("confirm review: %d; the article must leave the list", code)
	}
	art, _ := a.Store.Article(ctx, "paspoort")
	after, _ := a.Store.CurrentVersion(ctx, "paspoort")
	if want := now.AddDate(0, 6, 0).Format(time.DateOnly); art.ReviewBy != want || after != before+1 {
		t.Fatalf("after the check: review by %s (want %s), version %d -> %d", art.ReviewBy, want, before, after)
	}

	mpw, _ := addStaff(t, a, "manager@voorbeeld.nl", auth.RoleManager)
	m := consoleClient(t, srv.URL, "manager@voorbeeld.nl", mpw)
	code, body = fetch(t, m, srv.URL+"/beheer/controle/teams")
	if code != 200 || !strings.Contains(body, "Team Test") || !strings.Contains(body, "te laat gecontroleerd") {
		t.Fatalf("manager view: %d", code)
	}
	counts, err := a.Store.ReviewCounts(ctx, now.Format(time.DateOnly), now.AddDate(0, 0, 30).Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range counts {
		if tr.Team == "Team Test" && (tr.Overdue != 0 || tr.DueSoon != 1 || tr.Total != 3) {
			t.Errorf("Team Test counts %+v, want 0 overdue, 1 due soon, 3 in all", tr)
		}
	}
}

// TestSynonymEditor: a bad list changes nothing; a good one works in search at once and after a restart.
func TestSynonymEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
		c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
		if ids := searchIDs(t, srv.URL, "zwoelbinkie"); len(ids) > 0 && ids[0] == "paspoort" {
			t.Fatal("the test word already finds paspoort without a synonym")
		}
		code, body, _ := post(t, c, srv.URL+"/beheer/synoniemen", url.Values{"synoniemen": {"zwoelbinkie => paspoort\nalleen\n, leeg\n"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Regel 2") || !strings.Contains(body, "Regel 3") || strings.Contains(body, "Regel 1 ") {
			t.Fatalf("bad list: %d; want errors for lines 2 and 3 only", code)
		}
		if _, err := a.Store.SearchSynonyms(context.Background()); err == nil {
			t.Fatal("a refused list was stored")
		}
		code, _, _ = post(t, c, srv.URL+"/beheer/synoniemen", url.Values{"synoniemen": {"# eigen lijst\nzwoelbinkie => paspoort\n"}})
		if code != 200 {
			t.Fatalf("save: %d", code)
		}
		if ids := searchIDs(t, srv.URL, "zwoelbinkie"); len(ids) == 0 || ids[0] != "paspoort" {
			t.Fatalf("search with the new synonym: %v", ids)
		}
		srv2, _ := startOn(t, s.DSN(), false)
		if ids := searchIDs(t, srv2.URL, "zwoelbinkie"); len(ids) == 0 || ids[0] != "paspoort" {
			t.Fatalf("after a restart the saved list is not used: %v", ids)
		}
	})
}

func TestOpenAPIServed(t *testing.T) {
	srv, _ := startDemo(t, store.SQLite)
	code, body := get(t, srv.URL+"/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &doc) != nil || doc.OpenAPI != "3.1.0" || doc.Paths["/api/v1/articles/{id}"]["put"] == nil {
		t.Fatalf("openapi.json: %d", code)
	}
}
