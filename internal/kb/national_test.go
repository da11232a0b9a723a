package kb_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	. "loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// nationalPaspoort is the host's base text of the UPL product "paspoort", version by version.
func nationalPaspoort(summary, body string) Article {
	return Article{ID: "paspoort", Type: TypeProduct, UPL: "paspoort", Title: "Paspoort aanvragen", Theme: "Burgerzaken",
		Audience: []string{"inwoner"}, Summary: summary, Body: body, Cost: "€ 84,00", Channels: []string{"balie"}}
}

// tenantLocal is what a tenant fills in itself when it inherits: its team and review date.
var tenantLocal = Article{Owner: "Team Burgerzaken", ReviewBy: "2027-06-01", Internal: "Alleen op afspraak."}

func liveArticle(t *testing.T, st *store.Store, id string) Article {
	t.Helper()
	a, err := st.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func versions(t *testing.T, st *store.Store, id string) int {
	t.Helper()
	v, err := st.CurrentVersion(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The whole life of a national text on a host with two tenants: both inherit, B overrides the summary,
// the national summary and body change. A (no override) gets both at once; B gets the new body, keeps its
// own summary and sees the national change as old / new / local; B takes it over in one click (a new
// version, audited). The tenants never change the national text.
func TestNationalTextReachesTenantsAndShowsTheDiffToAnOverride(t *testing.T) {
	storetest.Each(t, func(t *testing.T, host *store.Store) {
		ctx := context.Background()
		tenantA, tenantB := storetest.Open(t, host.Dialect()), storetest.Open(t, host.Dialect())
		national := NewNational(host)
		a := NewService(tenantA, fixedClock).WithNational(host)
		b := NewService(tenantB, fixedClock).WithNational(host)

		if _, _, err := national.Save(ctx, "landelijk@host.example", nationalPaspoort("Vraag uw paspoort aan bij de balie.", "Neem een pasfoto mee.")); err != nil {
			t.Fatal(err)
		}
		for _, svc := range []*Service{a, b} {
			if _, err := svc.Inherit(ctx, "redacteur", "paspoort", tenantLocal); err != nil {
				t.Fatalf("inherit: %v", err)
			}
		}
		got := liveArticle(t, tenantA, "paspoort")
		if got.Summary != "Vraag uw paspoort aan bij de balie." || got.Body != "Neem een pasfoto mee." || got.Cost != "€ 84,00" ||
			got.Owner != "Team Burgerzaken" || got.Internal != "Alleen op afspraak." || !got.Published() {
			t.Fatalf("A's inherited article: %+v", got)
		}

		// B overrides one field, the summary.
		edit := liveArticle(t, tenantB, "paspoort")
		edit.Summary = "In Gemeente B vraagt u uw paspoort ook aan in het servicepunt Noord."
		if _, err := b.Save(ctx, "redacteur-b", Edit{Article: edit, BaseVersion: versions(t, tenantB, "paspoort"), Publish: true}); err != nil {
			t.Fatal(err)
		}
		st, err := b.NationalStatus(ctx, "paspoort")
		if err != nil {
			t.Fatal(err)
		}
		if !st.Inherited || !reflect.DeepEqual(st.Overrides, []string{"Samenvatting"}) || st.Changed() {
			t.Fatalf("B after its override: %+v", st)
		}

		// The host changes the national summary and body.
		saved, changed, err := national.Save(ctx, "landelijk@host.example",
			nationalPaspoort("Vraag uw paspoort aan op afspraak.", "Neem een pasfoto en uw oude paspoort mee."))
		if err != nil || !changed || saved.Version != 2 {
			t.Fatalf("national save: %+v %v %v", saved, changed, err)
		}
		bBefore := versions(t, tenantB, "paspoort")
		n, err := Propagate(ctx, []string{"paspoort"}, []*Service{a, b})
		if err != nil || n != 2 {
			t.Fatalf("propagate: %d articles, %v", n, err)
		}
		got = liveArticle(t, tenantA, "paspoort")
		if got.Summary != "Vraag uw paspoort aan op afspraak." || got.Body != "Neem een pasfoto en uw oude paspoort mee." {
			t.Errorf("A did not get the new national text: %q / %q", got.Summary, got.Body)
		}
		if st, _ := a.NationalStatus(ctx, "paspoort"); st.Changed() {
			t.Errorf("A has no override, so nothing to show: %+v", st)
		}
		got = liveArticle(t, tenantB, "paspoort")
		if got.Summary != edit.Summary || got.Body != "Neem een pasfoto en uw oude paspoort mee." {
			t.Errorf("B: own summary kept and new national body, got %q / %q", got.Summary, got.Body)
		}
		st, err = b.NationalStatus(ctx, "paspoort")
		if err != nil {
			t.Fatal(err)
		}
		want := []NationalChange{{Field: "summary", Label: "Samenvatting", OldNational: "Vraag uw paspoort aan bij de balie.",
			NewNational: "Vraag uw paspoort aan op afspraak.", Local: edit.Summary}}
		if !reflect.DeepEqual(st.Changes, want) {
			t.Fatalf("B's diff:\n got %+v\nwant %+v", st.Changes, want)
		}

		// B takes the national summary over: one new version, audited, nothing left to show.
		if _, err := b.TakeNational(ctx, "redacteur-b", "paspoort"); err != nil {
			t.Fatal(err)
		}
		got = liveArticle(t, tenantB, "paspoort")
		if got.Summary != "Vraag uw paspoort aan op afspraak." {
			t.Errorf("B took over, summary is %q", got.Summary)
		}
		if v := versions(t, tenantB, "paspoort"); v != bBefore+2 { // the national body, then the take-over
			t.Errorf("B's versions: %d, want %d", v, bBefore+2)
		}
		if st, _ := b.NationalStatus(ctx, "paspoort"); st.Changed() || len(st.Overrides) != 0 {
			t.Errorf("after the take-over: %+v", st)
		}
		if acts := auditActions(t, tenantB, "paspoort"); acts[len(acts)-1] != "national-take" {
			t.Errorf("B's audit trail: %v", acts)
		}

		// The tenants never changed the national text: still version 2, as the host saved it.
		nat, err := host.NationalArticle(ctx, "paspoort")
		if err != nil || nat.Version != 2 || nat.Article.Summary != "Vraag uw paspoort aan op afspraak." || nat.Article.Owner != "" {
			t.Errorf("national article after the tenants' work: %+v %v", nat, err)
		}
	})
}

// Keeping the local text marks the change as seen; the next national change of that field shows again,
// now against the national text that was kept past. A concept beside the published text gets the
// national change too and stays the newest version.
func TestKeepLocalAndConceptBeside(t *testing.T) {
	storetest.Each(t, func(t *testing.T, host *store.Store) {
		ctx := context.Background()
		tenant := storetest.Open(t, host.Dialect())
		national := NewNational(host)
		svc := NewService(tenant, fixedClock).WithNational(host)
		mustNational := func(summary, body string) {
			t.Helper()
			if _, _, err := national.Save(ctx, "host", nationalPaspoort(summary, body)); err != nil {
				t.Fatal(err)
			}
			if _, err := Propagate(ctx, []string{"paspoort"}, []*Service{svc}); err != nil {
				t.Fatal(err)
			}
		}
		mustNational("S1", "B1")
		if _, err := svc.Inherit(ctx, "redacteur", "paspoort", tenantLocal); err != nil {
			t.Fatal(err)
		}
		a := liveArticle(t, tenant, "paspoort")
		a.Summary = "Eigen samenvatting"
		mustSave(t, svc, Edit{Article: a, BaseVersion: versions(t, tenant, "paspoort"), Publish: true})
		mustNational("S2", "B1")
		if _, err := svc.KeepLocal(ctx, "redacteur", "paspoort"); err != nil {
			t.Fatal(err)
		}
		if st, _ := svc.NationalStatus(ctx, "paspoort"); st.Changed() {
			t.Fatalf("kept, yet still shown: %+v", st)
		}
		if got := liveArticle(t, tenant, "paspoort").Summary; got != "Eigen samenvatting" {
			t.Fatalf("keeping changed the text to %q", got)
		}

		// A concept beside the published text, then a national change of the body.
		c := liveArticle(t, tenant, "paspoort")
		c.Cost = "€ 90,00 (concept)"
		mustSave(t, svc, Edit{Article: c, BaseVersion: versions(t, tenant, "paspoort")})
		mustNational("S3", "B2")
		draft, pending, err := tenant.PendingDraft(ctx, "paspoort")
		if err != nil || !pending {
			t.Fatalf("the concept is no longer the newest version: %v %v", pending, err)
		}
		if draft.Article.Body != "B2" || draft.Article.Cost != "€ 90,00 (concept)" || liveArticle(t, tenant, "paspoort").Body != "B2" {
			t.Errorf("concept %q / %q, live body %q", draft.Article.Body, draft.Article.Cost, liveArticle(t, tenant, "paspoort").Body)
		}
		st, err := svc.NationalStatus(ctx, "paspoort")
		if err != nil {
			t.Fatal(err)
		}
		want := []NationalChange{{Field: "summary", Label: "Samenvatting", OldNational: "S2", NewNational: "S3", Local: "Eigen samenvatting"}}
		if !reflect.DeepEqual(st.Changes, want) {
			t.Errorf("after keeping S2 and a change to S3:\n got %+v\nwant %+v", st.Changes, want)
		}
	})
}

// Bad input: a national article without a UPL name from the list, inheriting a product that has no
// national text, and the national operations on an article that inherits nothing.
func TestNationalBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, host *store.Store) {
		ctx := context.Background()
		national := NewNational(host)
		bad := nationalPaspoort("", "tekst")
		bad.UPL = "paspoort-bestaat-niet"
		_, _, err := national.Save(ctx, "host", bad)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.For("upl") == "" || ve.For("summary") == "" {
			t.Fatalf("want upl and summary refused at once, got %v", err)
		}
		if list, _ := host.NationalArticles(ctx); len(list) != 0 {
			t.Fatalf("a refused national article was stored: %+v", list)
		}
		tenant := storetest.Open(t, host.Dialect())
		svc := NewService(tenant, fixedClock).WithNational(host)
		if _, err := svc.Inherit(ctx, "r", "rijbewijs", tenantLocal); !errors.As(err, &ve) || ve.For("upl") == "" {
			t.Errorf("inherit without national text: %v", err)
		}
		mustSave(t, svc, Edit{Article: Article{ID: "eigen", Type: TypeVAC, Title: "Eigen vraag", Theme: "Overig", Summary: "s", Body: "b",
			Owner: "Team", ReviewBy: "2027-01-01"}, New: true, Publish: true})
		if _, err := svc.TakeNational(ctx, "r", "eigen"); !errors.Is(err, ErrNotInherited) {
			t.Errorf("take-over on a local article: %v", err)
		}
	})
}
