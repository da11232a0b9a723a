package kb_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"loket/internal/calendar"
	. "loket/internal/kb"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// fixedClock is 4 December 2026, 10:00 in the Netherlands.
func fixedClock() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, calendar.Amsterdam) }

// live is what a resident sees of an article: its published text, or nothing.
func live(t *testing.T, st *store.Store, id string) (string, bool) {
	t.Helper()
	list, err := st.ListArticles(context.Background(), store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.ID == id {
			return a.Body, true
		}
	}
	return "", false
}

func auditActions(t *testing.T, st *store.Store, id string) []string {
	t.Helper()
	entries, err := st.AuditEntries(context.Background(), store.AuditFilter{ObjectType: "article", ObjectID: id})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- { // oldest first
		out = append(out, entries[i].Action)
	}
	return out
}

func mustSave(t *testing.T, svc *Service, e Edit) Saved {
	t.Helper()
	s, err := svc.Save(context.Background(), "redacteur@voorbeeld.nl", e)
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	return s
}

// An editor's journey: publish, save a concept beside it, restore an old version, take the article
// offline and put it back. At each step residents see exactly the text the editor expects.
func TestServiceEditorJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := NewService(st, fixedClock)
		a := valid()
		a.Body = "Tekst één."
		if s := mustSave(t, svc, Edit{Article: a, New: true, Publish: true}); s.Version != 1 || !s.Created || s.Outcome != OutcomePublished {
			t.Fatalf("create: %+v", s)
		}
		// A concept of the published article: residents keep text one.
		a.Body = "Tekst twee, nog niet af."
		if s := mustSave(t, svc, Edit{Article: a, BaseVersion: 1}); s.Version != 2 || s.Outcome != OutcomeConceptBeside {
			t.Fatalf("concept: %+v", s)
		}
		if body, ok := live(t, st, a.ID); !ok || body != "Tekst één." {
			t.Fatalf("after concept residents see %q, %v", body, ok)
		}
		// Saving on top of version 1 again is a conflict: version 2 is newer.
		if _, err := svc.Save(ctx, "ander@voorbeeld.nl", Edit{Article: a, BaseVersion: 1}); !errors.Is(err, ErrConflict) {
			t.Fatalf("stale save: %v, want a conflict", err)
		}
		// Publishing the concept makes text two live as version 3.
		if s, err := svc.Publish(ctx, "redacteur@voorbeeld.nl", a.ID); err != nil || s.Version != 3 || s.Outcome != OutcomePublished {
			t.Fatalf("publish: %+v %v", s, err)
		}
		if body, _ := live(t, st, a.ID); body != "Tekst twee, nog niet af." {
			t.Fatalf("after publish residents see %q", body)
		}
		// Restoring version 2 (a concept) of the published article: residents keep seeing version 3.
		// (Before the service, restore saved the concept's state onto the article and took it offline.)
		s, err := svc.Restore(ctx, "redacteur@voorbeeld.nl", a.ID, 1)
		if err != nil || s.Version != 4 || s.Outcome != OutcomeConceptBeside {
			t.Fatalf("restore: %+v %v", s, err)
		}
		if body, ok := live(t, st, a.ID); !ok || body != "Tekst twee, nog niet af." {
			t.Fatalf("after restore residents see %q, %v", body, ok)
		}
		if lv, _ := st.LiveVersion(ctx, a.ID); lv != 3 {
			t.Fatalf("live version %d after restore, want 3", lv)
		}
		// Depublish: residents see nothing; the restored concept stays the newest version.
		if _, err := svc.Depublish(ctx, "redacteur@voorbeeld.nl", a.ID); err != nil {
			t.Fatal(err)
		}
		if _, ok := live(t, st, a.ID); ok {
			t.Fatal("depublished article is still listed for residents")
		}
		if stored, _ := st.Article(ctx, a.ID); stored.Published() {
			t.Fatal("depublished article reads as published")
		}
		if d, pending, err := st.PendingDraft(ctx, a.ID); err != nil || !pending || d.Version != 4 {
			t.Fatalf("concept after depublish: %+v %v %v", d, pending, err)
		}
		// Republish puts back the text that was live (version 3), not the concept.
		if _, err := svc.Republish(ctx, "redacteur@voorbeeld.nl", a.ID); err != nil {
			t.Fatal(err)
		}
		if body, ok := live(t, st, a.ID); !ok || body != "Tekst twee, nog niet af." {
			t.Fatalf("after republish residents see %q, %v", body, ok)
		}
		// Publishing now makes the restored text one live.
		if _, err := svc.Publish(ctx, "redacteur@voorbeeld.nl", a.ID); err != nil {
			t.Fatal(err)
		}
		if body, _ := live(t, st, a.ID); body != "Tekst één." {
			t.Fatalf("after publishing the restored version residents see %q", body)
		}
		want := []string{"create", "update", "publish", "restore", "depublish", "republish", "publish"}
		if got := auditActions(t, st, a.ID); !reflect.DeepEqual(got, want) {
			t.Fatalf("audit %v, want %v", got, want)
		}
	})
}

// The rules hold for every surface: a save through the service is refused with every wrong field.
func TestServiceSaveChecksEveryRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc := NewService(st, fixedClock)
		a := valid()
		a.Owner, a.ReviewBy, a.UPL = "", "", "Zwembadabonnement"
		_, err := svc.Save(context.Background(), "api", Edit{Article: a, Publish: true})
		if got := fieldsOf(t, err); !reflect.DeepEqual(got, []string{"upl", "owner", "review_by"}) {
			t.Fatalf("fields %v", got)
		}
		if _, err := st.Article(context.Background(), a.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a refused article was stored: %v", err)
		}
		mustSave(t, svc, Edit{Article: valid(), New: true, Publish: true})
		_, err = svc.Save(context.Background(), "api", Edit{Article: valid(), New: true})
		if got := fieldsOf(t, err); !reflect.DeepEqual(got, []string{"id"}) {
			t.Fatalf("creating an existing id: %v", got)
		}
	})
}

// "Gecontroleerd" moves the review date six months ahead of the clock's today; a concept beside the
// published text gets the same date and stays the editor's newest version.
func TestServiceConfirmReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := NewService(st, fixedClock)
		a := valid()
		mustSave(t, svc, Edit{Article: a, New: true, Publish: true})
		a.Body = "Concept."
		mustSave(t, svc, Edit{Article: a, BaseVersion: 1})
		if _, err := svc.ConfirmReview(ctx, "redacteur@voorbeeld.nl", a.ID); err != nil {
			t.Fatal(err)
		}
		stored, _ := st.Article(ctx, a.ID)
		if stored.ReviewBy != "2027-06-04" || !stored.Published() || stored.Body == "Concept." {
			t.Fatalf("live article after review: %+v", stored)
		}
		d, pending, err := st.PendingDraft(ctx, a.ID)
		if err != nil || !pending || d.Article.Body != "Concept." || d.Article.ReviewBy != "2027-06-04" {
			t.Fatalf("concept after review: %+v %v %v", d.Article, pending, err)
		}
	})
	// Six months after 31 August is the last day of February.
	svc := NewService(nil, func() time.Time { return time.Date(2026, 8, 31, 9, 0, 0, 0, calendar.Amsterdam) })
	if got := svc.NextReviewDate(); got != "2027-02-28" {
		t.Fatalf("next review date from 31 August: %s", got)
	}
}

// An import is checked against every rule and stored all or nothing; an old UPL name the stored article
// already has may stay.
func TestServiceImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := NewService(st, fixedClock)
		old := valid()
		old.UPL = "Oude productnaam"
		if _, err := st.ImportArticles(ctx, []Article{old}, "earlier"); err != nil {
			t.Fatal(err)
		}
		b := valid()
		b.ID, b.UPL, b.Owner = "rijbewijs", "rijbewijs", ""
		old.Summary = "Nieuwe samenvatting."
		_, err := svc.Import(ctx, "import", []Article{old, b})
		if err == nil || err.Error() != `item 2 (rijbewijs): field "owner": Vul het team in dat dit artikel actueel houdt.` {
			t.Fatalf("import error %v", err)
		}
		if stored, _ := st.Article(ctx, old.ID); stored.Summary == "Nieuwe samenvatting." {
			t.Fatal("a refused import changed an article")
		}
		b.Owner = "Team Burgerzaken"
		res, err := svc.Import(ctx, "import", []Article{old, b})
		if err != nil || res != (ImportResult{Created: 1, Updated: 1}) {
			t.Fatalf("import: %+v %v", res, err)
		}
	})
}

// A question learned from residents' searches reaches the published text and the concept beside it, once;
// a question over 200 bytes is refused and changes nothing.
func TestServiceAddQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := NewService(st, fixedClock)
		a := valid()
		a.Questions = []string{"Hoe vraag ik een paspoort aan?"}
		mustSave(t, svc, Edit{Article: a, New: true, Publish: true})
		a.Body = "Concept."
		mustSave(t, svc, Edit{Article: a, BaseVersion: 1})
		if _, err := svc.AddQuestion(ctx, "redacteur@voorbeeld.nl", a.ID, " paspoort kwijt op vakantie "); err != nil {
			t.Fatal(err)
		}
		if s, err := svc.AddQuestion(ctx, "redacteur@voorbeeld.nl", a.ID, "Paspoort kwijt op VAKANTIE"); err != nil || s.Outcome != OutcomeUnchanged {
			t.Fatalf("the same question again: %+v %v, want unchanged", s, err)
		}
		if _, err := svc.AddQuestion(ctx, "redacteur@voorbeeld.nl", a.ID, strings.Repeat("paspoort ", 23)); problem.KindOf(err) != problem.Invalid {
			t.Fatalf("a question of 207 bytes: %v", err)
		}
		stored, _ := st.Article(ctx, a.ID)
		d, pending, _ := st.PendingDraft(ctx, a.ID)
		want := []string{"Hoe vraag ik een paspoort aan?", "paspoort kwijt op vakantie"}
		if !reflect.DeepEqual(stored.Questions, want) || !pending || !reflect.DeepEqual(d.Article.Questions, want) || d.Article.Body != "Concept." {
			t.Fatalf("live %q, concept %q (pending %v)", stored.Questions, d.Article.Questions, pending)
		}
	})
}

// A keyword from "vaak gezocht, niet gevonden" reaches the published text and the concept beside it,
// once; an empty one is refused.
func TestServiceAddKeyword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := NewService(st, fixedClock)
		a := valid()
		a.Keywords = []string{"reispas"}
		mustSave(t, svc, Edit{Article: a, New: true, Publish: true})
		a.Body = "Concept."
		mustSave(t, svc, Edit{Article: a, BaseVersion: 1})
		if _, err := svc.AddKeyword(ctx, "redacteur@voorbeeld.nl", a.ID, " paspoort kwijt "); err != nil {
			t.Fatal(err)
		}
		if s, err := svc.AddKeyword(ctx, "redacteur@voorbeeld.nl", a.ID, "Paspoort Kwijt"); err != nil || s.Outcome != OutcomeUnchanged {
			t.Fatalf("the same keyword again: %+v %v, want unchanged", s, err)
		}
		stored, _ := st.Article(ctx, a.ID)
		d, pending, _ := st.PendingDraft(ctx, a.ID)
		want := []string{"reispas", "paspoort kwijt"}
		if !reflect.DeepEqual(stored.Keywords, want) || !pending || !reflect.DeepEqual(d.Article.Keywords, want) || d.Article.Body != "Concept." {
			t.Fatalf("live %v, concept %v (pending %v)", stored.Keywords, d.Article.Keywords, pending)
		}
		if _, err := svc.AddKeyword(ctx, "redacteur@voorbeeld.nl", a.ID, "  "); problem.KindOf(err) != problem.Invalid {
			t.Fatalf("empty keyword: %v", err)
		}
	})
}
