package kb_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"

	. "loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// The host's console saves one national text at a time: a new one is refused for a product that has one
// (spelled otherwise too), with the other wrong fields beside it; a change from an older version is a
// conflict; a change names the changed fields in the host's audit log; and Usage counts, per product, the
// knowledge bases that inherit it (once each, however many of their articles do) and those with their own
// text for it.
func TestNationalEditAndUsage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, host *store.Store) {
		ctx := context.Background()
		national := NewNational(host)
		res, err := national.Edit(ctx, "beheer@host.example", nationalPaspoort("S1", "B1"), 0)
		if err != nil || !res.Created || res.Saved.Version != 1 {
			t.Fatalf("new national text: %+v %v", res, err)
		}
		again := nationalPaspoort("", "B1")
		again.UPL = "Paspoort"
		_, err = national.Edit(ctx, "beheer@host.example", again, 0)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.For("upl") != "Er is al een landelijke tekst voor dit product. Kies het in de lijst om het te wijzigen." || ve.For("summary") == "" {
			t.Errorf("a second text for the product: %v", err)
		}
		changed := nationalPaspoort("S2", "B2")
		changed.Cost = "€ 85,00"
		res, err = national.Edit(ctx, "beheer@host.example", changed, 1)
		if err != nil || res.Created || res.Saved.Version != 2 || !reflect.DeepEqual(res.Changed, []string{"Samenvatting", "Tekst", "Kosten"}) {
			t.Fatalf("change: %+v %v", res, err)
		}
		var conflict *ConflictError
		if _, err := national.Edit(ctx, "beheer@host.example", nationalPaspoort("S3", "B2"), 1); !errors.As(err, &conflict) || conflict.Current != 2 {
			t.Errorf("a change from version 1 after version 2: %v", err)
		}
		if res, err := national.Edit(ctx, "beheer@host.example", changed, 2); err != nil || len(res.Changed) != 0 || res.Saved.Version != 2 {
			t.Errorf("an unchanged save: %+v %v", res, err)
		}
		if _, err := national.Edit(ctx, "beheer@host.example", nationalPaspoort("S", "B"), 0); err == nil {
			t.Error("a new text over an existing one was accepted")
		}
		entries, err := host.AuditEntries(ctx, store.AuditFilter{ObjectType: "article", ObjectID: "landelijk/paspoort"})
		if err != nil || len(entries) != 2 || entries[0].Action != "national-save" || entries[0].Detail != "versie 2; gewijzigd: Samenvatting, Tekst, Kosten" ||
			entries[1].Action != "national-create" || entries[0].Actor != "beheer@host.example" {
			t.Errorf("audit: %+v %v", entries, err)
		}

		// Usage: A inherits the passport twice (one with its own summary), B once as it is, C not at all.
		if _, err := national.Edit(ctx, "host", identityCard(), 0); err != nil {
			t.Fatal(err)
		}
		storeA := storetest.Open(t, host.Dialect())
		a := NewService(storeA, fixedClock).WithNational(host)
		b := NewService(storetest.Open(t, host.Dialect()), fixedClock).WithNational(host)
		c := NewService(storetest.Open(t, host.Dialect()), fixedClock).WithNational(host)
		for _, in := range []struct {
			svc *Service
			id  string
		}{{a, "paspoort"}, {a, "paspoort-noord"}, {b, "paspoort"}} {
			local := tenantLocal
			local.ID = in.id
			if _, err := in.svc.Inherit(ctx, "r", "paspoort", local); err != nil {
				t.Fatal(err)
			}
		}
		own := liveArticle(t, storeA, "paspoort-noord")
		own.Summary = "In het servicepunt Noord."
		mustSave(t, a, Edit{Article: own, BaseVersion: 1, Publish: true})
		use, err := national.Usage(ctx, []*Service{a, b, c})
		if err != nil || len(use) != 2 {
			t.Fatalf("usage: %+v %v", use, err)
		}
		got := map[string][2]int{}
		for _, u := range use {
			got[u.National.Article.UPL] = [2]int{u.Inherited, u.Overridden}
		}
		if want := map[string][2]int{"paspoort": {2, 1}, "identiteitskaart": {0, 0}}; !reflect.DeepEqual(got, want) {
			t.Errorf("usage: %v, want %v", got, want)
		}
	})
}

func identityCard() Article {
	a := nationalPaspoort("Vraag een ID-kaart aan.", "Neem een pasfoto mee.")
	a.ID, a.UPL, a.Title = "id-kaart", "identiteitskaart", "ID-kaart aanvragen"
	return a
}

// BenchmarkNationalUsage counts inherit and override per national text over the knowledge bases of a
// host, as the host's console list does on every view: 20 tenants each inheriting 97 national texts,
// like the demo.
func BenchmarkNationalUsage(b *testing.B) {
	ctx := context.Background()
	host := storetest.Open(b, store.SQLite)
	national := NewNational(host)
	var upls []string
	for i, name := range UPLNames()[1:98] {
		a := nationalPaspoort("Samenvatting.", "Tekst.")
		a.ID, a.UPL = "product-"+strconv.Itoa(i), name
		if _, _, err := national.Save(ctx, "host", a); err != nil {
			b.Fatal(err)
		}
		upls = append(upls, name)
	}
	var tenants []*Service
	for range 20 {
		svc := NewService(storetest.Open(b, store.SQLite), fixedClock).WithNational(host)
		for _, upl := range upls {
			if _, err := svc.Inherit(ctx, "r", upl, tenantLocal); err != nil {
				b.Fatal(err)
			}
		}
		tenants = append(tenants, svc)
	}
	b.ResetTimer()
	for b.Loop() {
		use, err := national.Usage(ctx, tenants)
		if err != nil || len(use) != 97 || use[0].Inherited != 20 {
			b.Fatalf("usage: %d texts, %v", len(use), err)
		}
	}
}

// TestNationalEditOnTwoInstances: two of the host's administrators change the same national text from
// version 1 at the same moment on two instances (two stores on one database). Exactly one change is
// saved as version 2; the other is told of the conflict in the saving transaction, so neither text is
// lost without a word.
func TestNationalEditOnTwoInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, host *store.Store) {
		ctx := context.Background()
		other, err := store.Open(ctx, host.DSN())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if _, err := NewNational(host).Edit(ctx, "a@host.example", nationalPaspoort("S1", "B1"), 0); err != nil {
			t.Fatal(err)
		}
		for round := range 5 {
			base := round + 1
			errs := make(chan error, 2)
			for i, st := range []*store.Store{host, other} {
				go func() {
					_, err := NewNational(st).Edit(ctx, "beheer@host.example", nationalPaspoort("S"+strconv.Itoa(base)+"-"+strconv.Itoa(i), "B"), base)
					errs <- err
				}()
			}
			var saved, conflicts int
			for range 2 {
				var conflict *ConflictError
				switch err := <-errs; {
				case err == nil:
					saved++
				case errors.As(err, &conflict) && conflict.Current == base+1:
					conflicts++
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if saved != 1 || conflicts != 1 {
				t.Fatalf("round %d: %d saved and %d conflicts, want one of each", round, saved, conflicts)
			}
		}
		versions, err := host.NationalVersionsOf(ctx, "paspoort")
		if err != nil || len(versions) != 6 {
			t.Fatalf("%d versions %v, want 6: the first and one per round", len(versions), err)
		}
	})
}
