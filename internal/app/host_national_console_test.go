package app_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// nationalForm is the host console's form of the national passport text, filled in correctly.
func nationalPassportForm(summary, body string) url.Values {
	return url.Values{"actie": {"opslaan"}, "versie": {"1"}, "title": {"Paspoort aanvragen"}, "theme": {"Burgerzaken"},
		"audience": {"inwoner"}, "summary": {summary}, "body": {body}, "cost": {"€ 84,00"}, "channels": {"balie"}}
}

// TestHostConsoleEditsNationalTexts: two municipalities inherit the national passport text, B with its
// own summary. On the host's console host name the host's administrator sees both counted (2 inherit,
// 1 with its own text), and nothing of B's text. A form with four wrong fields is refused with all four
// messages and the typed text kept, and changes nothing; so does the preview. The corrected form saves version 2: A's public
// page and search have the new summary and body at once (PostgreSQL: also on a second instance); B keeps its summary, gets the body, and B's
// editor sees "De landelijke tekst is gewijzigd" (and version 2 at /beheer/landelijk). The save is in
// the host's audit log with the administrator and the changed fields. A new national text for "paspoort
// tweede" is added (B's editors can take it over), a second one for the same product refused; a stale form is a conflict. Anonymous
// visitors are sent to sign in, the host's editor and a tenant's session get no access, a tenant's host
// name has no such pages, and a post from another site is refused. SQLite and PostgreSQL.
func TestHostConsoleEditsNationalTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		const adminHost = "beheer.host.example"
		dp := startDeployment(t, dialect, func(c *config.Config) { c.HostAdminHost = adminHost })
		ctx := context.Background()
		a := dp.addTenant(t, "gemeente-a", "Gemeente A", "gemeente-a.example")
		b := dp.addTenant(t, "gemeente-b", "Gemeente B", "gemeente-b.example")
		host := dp.D.Host()
		oldSummary := "U vraagt een paspoort aan bij de balie."
		if _, _, err := host.SaveNational(ctx, "import", []kb.Article{nationalPassport(oldSummary, "Neem een pasfoto mee.")}); err != nil {
			t.Fatal(err)
		}
		for _, tn := range []*app.App{a, b} {
			if _, err := tn.KB.Inherit(ctx, "redacteur", "paspoort", kb.Article{Owner: "Team Burgerzaken", ReviewBy: "2027-06-01"}); err != nil {
				t.Fatal(err)
			}
		}
		own := "In Gemeente B kan dit ook in het servicepunt Noord."
		art, _ := b.Store.Article(ctx, "paspoort")
		art.Summary = own
		v, _ := b.Store.CurrentVersion(ctx, "paspoort")
		if _, err := b.KB.Save(ctx, "redacteur-b", kb.Edit{Article: art, BaseVersion: v, Publish: true}); err != nil {
			t.Fatal(err)
		}
		// On PostgreSQL a second instance of the same deployment serves the same tenants.
		instances := []*app.Deployment{dp.D}
		if dialect == store.Postgres {
			cfg := config.Config{DB: host.Store.DSN(), Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "warn", HostAdminHost: adminHost}
			if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
				t.Fatal(err)
			}
			two, err := app.OpenDeployment(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { two.Close() })
			instances = append(instances, two)
		}
		addStaff(t, host, "beheer@host.example", auth.RoleAdmin)
		jar := dp.signIn(t, host, adminHost, "beheer@host.example")
		get := func(path string) (int, string) {
			code, body := dp.on(t, adminHost, "GET", path, "", "", jar)
			return code, html.UnescapeString(body)
		}
		post := func(path string, form url.Values) (int, string) {
			code, body := dp.on(t, adminHost, "POST", path, "", form.Encode(), jar)
			return code, html.UnescapeString(body)
		}

		// The list: one row for the passport, 2 municipalities inherit it, 1 of them with its own text.
		code, page := get("/beheer/landelijke-teksten")
		if code != http.StatusOK {
			t.Fatalf("list: %d", code)
		}
		if got := cells(rowOf(page, "landelijk-paspoort")); strings.Join(got, "|") != "paspoort|Paspoort aanvragen|"+cellDate(got)+"|2|1" || !strings.Contains(got[2], "versie 1") {
			t.Errorf("the passport's row: %q", got)
		}
		if strings.Contains(page, own) {
			t.Error("the host's list shows B's own text")
		}
		if _, home := get("/beheer"); !strings.Contains(home, `href="/beheer/landelijke-teksten"`) {
			t.Error("the host's console home does not link to the national texts")
		}
		code, page = get("/beheer/landelijke-teksten/paspoort")
		if code != http.StatusOK || !strings.Contains(page, oldSummary) || !strings.Contains(page, "2 gemeenten nemen deze tekst over") ||
			!strings.Contains(page, "1 daarvan heeft") || strings.Contains(page, own) {
			t.Fatalf("editor: %d %s", code, errorsOf(page))
		}

		// Four wrong fields at once: all four messages, the typed body kept, nothing changed.
		bad := nationalPassportForm("", "Een tekst die blijft staan.")
		bad.Set("title", "")
		bad.Set("deadline_days", "veel")
		bad.Set("channels", "fax")
		code, page = post("/beheer/landelijke-teksten/paspoort", bad)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("wrong form: %d, want 422", code)
		}
		summary := page[strings.Index(page, `id="foutmeldingen"`):]
		summary = summary[:strings.Index(summary, "</div>")]
		for _, want := range []string{"Titel</a>: Vul een titel in", "Samenvatting</a>: Vul een korte samenvatting in",
			"Beslistermijn</a>: Vul een aantal dagen in van 0 tot en met 3650.", "Kanalen</a>: Kies alleen kanalen uit de lijst."} {
			if !strings.Contains(summary, want) {
				t.Errorf("error summary lacks %q: %s", want, summary)
			}
		}
		if !strings.Contains(page, ">Een tekst die blijft staan.</textarea>") || !strings.Contains(page, `name="deadline_days" value="veel"`) {
			t.Error("the refused form lost what was typed")
		}
		if nat, _ := host.Store.NationalArticle(ctx, "paspoort"); nat.Version != 1 || nat.Article.Summary != oldSummary {
			t.Errorf("a refused form changed the national text: version %d", nat.Version)
		}
		if got, _ := a.Store.Article(ctx, "paspoort"); got.Summary != oldSummary {
			t.Errorf("a refused form changed A's article: %q", got.Summary)
		}

		// The preview shows the typed text and saves nothing.
		preview := nationalPassportForm("Alleen een voorbeeld.", "Een **vet** woord.")
		preview.Set("actie", "voorbeeld")
		if code, page := post("/beheer/landelijke-teksten/paspoort", preview); code != http.StatusOK || !strings.Contains(page, "Dit is een voorbeeld") ||
			!strings.Contains(page, "<strong>vet</strong>") {
			t.Errorf("preview: %d", code)
		}
		if nat, _ := host.Store.NationalArticle(ctx, "paspoort"); nat.Version != 1 {
			t.Errorf("the preview saved: version %d", nat.Version)
		}

		// The corrected form: version 2, both inheriting articles followed at once.
		newSummary := "U vraagt een paspoort aan op afspraak bij de balie."
		newBody := "Neem een pasfoto mee. Vingerafdrukken worden bij de balie afgenomen."
		code, _ = post("/beheer/landelijke-teksten/paspoort", nationalPassportForm(newSummary, newBody))
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		code, page = get("/beheer/landelijke-teksten/paspoort?gedaan=opgeslagen&versie=2&bijgewerkt=2")
		if code != http.StatusOK || !strings.Contains(page, "opgeslagen als versie 2. 2 artikelen van gemeenten hebben de nieuwe tekst nu op de website.") {
			t.Errorf("after saving: %d", code)
		}
		if _, body := dp.on(t, "gemeente-a.example", "GET", "/producten/paspoort", "", "", nil); !strings.Contains(html.UnescapeString(body), newSummary) ||
			!strings.Contains(html.UnescapeString(body), "Vingerafdrukken") {
			t.Error("A's public page lacks the new national text right after the save")
		}
		_, body := dp.on(t, "gemeente-b.example", "GET", "/producten/paspoort", "", "", nil)
		if body = html.UnescapeString(body); !strings.Contains(body, own) || strings.Contains(body, newSummary) || !strings.Contains(body, "Vingerafdrukken") {
			t.Error("B's public page should keep B's summary and have the new body")
		}
		for _, d := range instances { // the search index of every instance follows
			waitFor(t, func() bool {
				res, err := d.Tenant("gemeente-a").Search.Search("vingerafdrukken", 5)
				return err == nil && len(res.Hits) > 0 && res.Hits[0].ID == "paspoort"
			})
		}
		if _, results := dp.on(t, "gemeente-a.example", "GET", "/zoeken?q=vingerafdrukken", "", "", nil); !strings.Contains(html.UnescapeString(results), "Paspoort aanvragen") {
			t.Error("A's search page does not find the passport by a word of the new text")
		}
		jarB := dp.signIn(t, b, "gemeente-b.example", setStaff(t, b, "redactie@gemeente-b.example"))
		_, catalogue := dp.on(t, "gemeente-b.example", "GET", "/beheer/landelijk", "", "", jarB)
		if got := cells(rowContaining(catalogue, "<td class=\"utrecht-table__cell\">paspoort</td>")); len(got) != 4 || got[2] != "2" || got[3] != "Overgenomen" {
			t.Errorf("B's catalogue row: %q", got)
		}
		_, editor := dp.on(t, "gemeente-b.example", "GET", "/beheer/artikelen/paspoort", "", "", jarB)
		if editor = html.UnescapeString(editor); !strings.Contains(editor, "De landelijke tekst is gewijzigd") || !strings.Contains(editor, "+ "+newSummary) ||
			!strings.Contains(editor, "− "+oldSummary) {
			t.Error("B's editor does not show the national change under its own summary")
		}
		entries, err := host.Store.AuditEntries(ctx, store.AuditFilter{ObjectType: "article", ObjectID: "landelijk/paspoort"})
		if err != nil || len(entries) == 0 || entries[0].Actor != "beheer@host.example" || entries[0].Action != "national-save" ||
			entries[0].Detail != "versie 2; gewijzigd: Samenvatting, Tekst" {
			t.Errorf("the save in the host's audit log: %+v %v", entries, err)
		}

		// Saving the same text again changes nothing; a form from before version 2 is a conflict.
		same := nationalPassportForm(newSummary, newBody)
		same.Set("versie", "2")
		if code, _ := post("/beheer/landelijke-teksten/paspoort", same); code != http.StatusSeeOther {
			t.Errorf("unchanged save: %d", code)
		}
		if code, page := post("/beheer/landelijke-teksten/paspoort", nationalPassportForm("Iets anders.", newBody)); code != http.StatusConflict ||
			!strings.Contains(page, "nu versie 2") || !strings.Contains(page, "Iets anders.") {
			t.Errorf("stale form: %d, want 409", code)
		}
		if nat, _ := host.Store.NationalArticle(ctx, "paspoort"); nat.Version != 2 {
			t.Errorf("after the unchanged and the stale save: version %d, want 2", nat.Version)
		}

		// A new national text, for a product name with a space; a second one for the same product is refused.
		create := url.Values{"actie": {"opslaan"}, "upl": {"paspoort tweede"}, "id": {"tweede-paspoort"}, "title": {"Tweede paspoort aanvragen"},
			"theme": {"Burgerzaken"}, "audience": {"inwoner"}, "summary": {"Soms mag u een tweede paspoort hebben."}, "body": {"Vraag het aan bij de balie."}}
		if code, page := post("/beheer/landelijke-teksten/nieuw", create); code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", code, errorsOf(page))
		}
		if code, page := get("/beheer/landelijke-teksten/paspoort%20tweede"); code != http.StatusOK || !strings.Contains(page, "Soms mag u een tweede paspoort hebben.") {
			t.Errorf("the new text's editor: %d", code)
		}
		create.Set("upl", "Paspoort Tweede") // the same product as the list spells it otherwise
		if code, page := post("/beheer/landelijke-teksten/nieuw", create); code != http.StatusUnprocessableEntity || !strings.Contains(page, "Er is al een landelijke tekst voor dit product") {
			t.Errorf("a second text for one product: %d, want 422", code)
		}
		if _, catalogue := dp.on(t, "gemeente-b.example", "GET", "/beheer/landelijk", "", "", jarB); !strings.Contains(catalogue, `<option value="paspoort tweede">Tweede paspoort aanvragen`) {
			t.Error("B's editors cannot take the new national text over")
		}
		if entries, _ := host.Store.AuditEntries(ctx, store.AuditFilter{ObjectType: "article", ObjectID: "landelijk/paspoort tweede"}); len(entries) != 1 ||
			entries[0].Action != "national-create" || entries[0].Actor != "beheer@host.example" {
			t.Errorf("the new text in the audit log: %+v", entries)
		}

		// Who may not: anonymous, the host's editor, a tenant's administrator, another site's form.
		if code, _ := dp.on(t, adminHost, "GET", "/beheer/landelijke-teksten", "", "", nil); code != http.StatusSeeOther {
			t.Errorf("anonymous: %d, want a redirect to sign in", code)
		}
		if code, _ := dp.on(t, adminHost, "POST", "/beheer/landelijke-teksten/paspoort", "", nationalPassportForm("x", "y").Encode(), nil); code != http.StatusSeeOther {
			t.Errorf("anonymous post: %d, want a redirect to sign in", code)
		}
		addStaff(t, host, "redactie@host.example", auth.RoleEditor)
		jarEditor := dp.signIn(t, host, adminHost, "redactie@host.example")
		for _, req := range []struct{ method, path string }{{"GET", "/beheer/landelijke-teksten"}, {"GET", "/beheer/landelijke-teksten/paspoort"},
			{"POST", "/beheer/landelijke-teksten/paspoort"}, {"POST", "/beheer/landelijke-teksten/nieuw"}} {
			if code, _ := dp.on(t, adminHost, req.method, req.path, "", nationalPassportForm("x", "y").Encode(), jarEditor); code != http.StatusForbidden {
				t.Errorf("the host's editor %s %s: %d, want 403", req.method, req.path, code)
			}
		}
		addStaff(t, a, "beheer@gemeente-a.example", auth.RoleAdmin)
		jarA := dp.signIn(t, a, "gemeente-a.example", "beheer@gemeente-a.example")
		for _, path := range []string{"/beheer/landelijke-teksten", "/beheer/landelijke-teksten/paspoort"} {
			if code, _ := dp.on(t, "gemeente-a.example", "GET", path, "", "", jarA); code != http.StatusNotFound {
				t.Errorf("on a tenant's host name %s: %d, want 404", path, code)
			}
		}
		if code, _ := dp.on(t, "gemeente-a.example", "POST", "/beheer/landelijke-teksten/paspoort", "", nationalPassportForm("x", "y").Encode(), jarA); code != http.StatusNotFound {
			t.Errorf("post on a tenant's host name: %d, want 404", code)
		}
		if _, home := dp.on(t, "gemeente-a.example", "GET", "/beheer", "", "", jarA); strings.Contains(home, "/beheer/landelijke-teksten") {
			t.Error("a tenant's console home links to the host's national texts")
		}
		if code, _ := dp.on(t, adminHost, "GET", "/beheer/landelijke-teksten", "", "", jarA); code != http.StatusSeeOther {
			t.Errorf("a tenant's session on the host's console: %d, want a redirect to sign in", code)
		}
		req, _ := http.NewRequest("POST", dp.URL+"/beheer/landelijke-teksten/paspoort", strings.NewReader(nationalPassportForm("Van elders.", newBody).Encode()))
		req.Host = adminHost
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://elders.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := (&http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a post from another site: %d, want 403", resp.StatusCode)
		}
		if nat, _ := host.Store.NationalArticle(ctx, "paspoort"); nat.Version != 2 || nat.Article.Summary != newSummary {
			t.Errorf("the refused requests changed the national text: version %d %q", nat.Version, nat.Article.Summary)
		}
	})
}

// setStaff adds an editor to a and returns the address, for signIn.
func setStaff(t *testing.T, a *app.App, email string) string {
	t.Helper()
	addStaff(t, a, email, auth.RoleEditor)
	return email
}

var cellPattern = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
var tagPattern = regexp.MustCompile(`<[^>]+>`)

// rowOf is the table row with the id given, "" when there is none.
func rowOf(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	return page[i : i+strings.Index(page[i:], "</tr>")]
}

// rowContaining is the table row that contains s, "" when there is none.
func rowContaining(page, s string) string {
	i := strings.Index(page, s)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(page[:i], "<tr")
	return page[start : i+strings.Index(page[i:], "</tr>")]
}

// cells are the texts of a row's cells, without markup.
func cells(row string) []string {
	var out []string
	for _, m := range cellPattern.FindAllStringSubmatch(row, -1) {
		out = append(out, strings.TrimSpace(tagPattern.ReplaceAllString(m[1], "")))
	}
	return out
}

// cellDate is the third cell (last change), which the test checks apart.
func cellDate(c []string) string {
	if len(c) < 3 {
		return "?"
	}
	return c[2]
}
