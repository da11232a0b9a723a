package app_test

import (
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// nationalPassport is the host's national text of the UPL product "paspoort".
func nationalPassport(summary, body string) kb.Article {
	return kb.Article{ID: "paspoort", Type: kb.TypeProduct, UPL: "paspoort", Title: "Paspoort aanvragen", Theme: "Burgerzaken",
		Audience: []string{"inwoner"}, Summary: summary, Body: body, Cost: "€ 84,00", Channels: []string{"balie"}}
}

// TestNationalTextReachesTenantsOnEveryInstance: two municipalities inherit the national passport text;
// B gives it its own summary. The host changes the national summary and body. A's public page and A's
// search index get the new text at once, on this instance and (PostgreSQL) on a second one; B keeps its
// summary, and B's editor says "De landelijke tekst is gewijzigd" with the old and new national text and
// its own. B takes the national text over with one click; B's page and index follow on both instances.
// The national text stays the host's.
func TestNationalTextReachesTenantsOnEveryInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		ctx := context.Background()
		dp := startDeployment(t, dialect)
		a := dp.addTenant(t, "gemeente-a", "Gemeente A", "gemeente-a.example")
		b := dp.addTenant(t, "gemeente-b", "Gemeente B", "gemeente-b.example")
		host := dp.D.Host()
		if _, _, err := host.SaveNational(ctx, "landelijk@host.example", []kb.Article{
			nationalPassport("U vraagt een paspoort aan bij de balie.", "Neem een pasfoto mee.")}); err != nil {
			t.Fatal(err)
		}
		local := kb.Article{Owner: "Team Burgerzaken", ReviewBy: "2027-06-01"}
		for _, tn := range []*app.App{a, b} {
			if _, err := tn.KB.Inherit(ctx, "redacteur", "paspoort", local); err != nil {
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

		// On PostgreSQL a second instance of the same deployment follows the tenants.
		instances := []*app.Deployment{dp.D}
		if dialect == store.Postgres {
			cfg := config.Config{DB: host.Store.DSN(), Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "warn"}
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

		// The national text changes: a new summary, and a body with a word it did not have.
		newSummary := "U vraagt een paspoort aan op afspraak bij de balie."
		if changed, followed, err := host.SaveNational(ctx, "landelijk@host.example", []kb.Article{
			nationalPassport(newSummary, "Neem een pasfoto mee. Vingerafdrukken worden bij de balie afgenomen.")}); err != nil || changed != 1 || followed != 2 {
			t.Fatalf("national change: %d changed, %d followed, %v", changed, followed, err)
		}
		found := func(d *app.Deployment, tenant, q string) bool {
			res, err := d.Tenant(tenant).Search.Search(q, 5)
			return err == nil && len(res.Hits) > 0 && res.Hits[0].ID == "paspoort"
		}
		for _, d := range instances {
			waitFor(t, func() bool {
				return found(d, "gemeente-a", "vingerafdrukken") && found(d, "gemeente-b", "vingerafdrukken")
			})
		}
		if _, body := dp.on(t, "gemeente-a.example", "GET", "/producten/paspoort", "", "", nil); !strings.Contains(html.UnescapeString(body), newSummary) {
			t.Error("A's public page lacks the new national summary")
		}
		_, body := dp.on(t, "gemeente-b.example", "GET", "/producten/paspoort", "", "", nil)
		if body = html.UnescapeString(body); !strings.Contains(body, own) || strings.Contains(body, newSummary) {
			t.Error("B's public page should keep B's own summary")
		}

		// B's editor shows the change: old national, new national and B's own text.
		_, token := addStaff(t, b, "redactie@gemeente-b.example", auth.RoleEditor)
		// The API says the same as the editor: summary changed, old and new national text, own text.
		code, body := dp.on(t, "gemeente-b.example", "GET", "/api/v1/articles/paspoort/national", token, "", nil)
		var st struct {
			Inherited bool     `json:"inherited"`
			Overrides []string `json:"overrides"`
			Changes   []struct {
				Field       string `json:"field"`
				OldNational string `json:"old_national"`
				NewNational string `json:"new_national"`
				Local       string `json:"local"`
			} `json:"changes"`
		}
		if err := json.Unmarshal([]byte(body), &st); err != nil || code != http.StatusOK {
			t.Fatalf("API national status: %d %s", code, body)
		}
		if !st.Inherited || len(st.Changes) != 1 || st.Changes[0].Field != "summary" || st.Changes[0].NewNational != newSummary ||
			st.Changes[0].Local != own || st.Changes[0].OldNational != "U vraagt een paspoort aan bij de balie." {
			t.Errorf("API national status: %s", body)
		}
		jar, _ := cookiejar.New(nil)
		form := url.Values{"email": {"redactie@gemeente-b.example"}, "wachtwoord": {setPassword(t, b, "redactie@gemeente-b.example")}}.Encode()
		if code, _ := dp.on(t, "gemeente-b.example", "POST", "/beheer/inloggen", "", form, jar); code != http.StatusSeeOther {
			t.Fatalf("login on B: %d", code)
		}
		_, page := dp.on(t, "gemeente-b.example", "GET", "/beheer/artikelen/paspoort", "", "", jar)
		page = html.UnescapeString(page)
		for _, want := range []string{"De landelijke tekst is gewijzigd", "− U vraagt een paspoort aan bij de balie.", "+ " + newSummary, own, "Landelijke tekst overnemen"} {
			if !strings.Contains(page, want) {
				t.Errorf("B's editor lacks %q", want)
			}
		}
		if _, page := dp.on(t, "gemeente-a.example", "GET", "/beheer/artikelen/paspoort", "", "", jar); strings.Contains(page, "De landelijke tekst is gewijzigd") {
			t.Error("B's session showed A's editor")
		}

		// One click: B takes the national summary over.
		if code, _ := dp.on(t, "gemeente-b.example", "POST", "/beheer/artikelen/paspoort/landelijk-overnemen", "", "x=1", jar); code != http.StatusSeeOther {
			t.Fatalf("take-over: %d", code)
		}
		if _, body := dp.on(t, "gemeente-b.example", "GET", "/producten/paspoort", "", "", nil); !strings.Contains(html.UnescapeString(body), newSummary) {
			t.Error("B's public page lacks the national summary after the take-over")
		}
		for _, d := range instances {
			waitFor(t, func() bool {
				res, err := d.Tenant("gemeente-b").Search.Search("servicepunt noord", 5)
				return err == nil && (len(res.Hits) == 0 || res.Hits[0].ID != "paspoort")
			})
		}
		if _, page := dp.on(t, "gemeente-b.example", "GET", "/beheer/artikelen/paspoort", "", "", jar); strings.Contains(page, "De landelijke tekst is gewijzigd") {
			t.Error("the notice stays after the take-over")
		}
		entries, err := b.Store.AuditEntries(ctx, store.AuditFilter{ObjectType: "article", ObjectID: "paspoort"})
		if err != nil || len(entries) == 0 || entries[0].Action != "national-take" || entries[0].Actor != "redactie@gemeente-b.example" {
			t.Errorf("take-over not audited as B's editor: %+v %v", entries, err)
		}
		nat, err := host.Store.NationalArticle(ctx, "paspoort")
		if err != nil || nat.Version != 2 || nat.Article.Summary != newSummary {
			t.Errorf("the national text after the tenants' work: %+v %v", nat, err)
		}
	})
}
