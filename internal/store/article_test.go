package store_test

import (
	"context"
	"errors"
	"testing"

	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestImportArticlesIsAnUpsert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		articles, err := demo.Articles()
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.ImportArticles(ctx, articles, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != len(articles) || res.Updated != 0 {
			t.Fatalf("first import: %+v, want %d created", res, len(articles))
		}
		articles[0].Summary = "Nieuwe samenvatting."
		res, err = s.ImportArticles(ctx, articles, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res != (store.ImportResult{Updated: 1, Unchanged: len(articles) - 1}) {
			t.Fatalf("second import: %+v", res)
		}
		got, err := s.Article(ctx, articles[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Summary != "Nieuwe samenvatting." || got.State != kb.StatePublished || len(got.Related) == 0 {
			t.Fatalf("stored article: %+v", got)
		}
	})
}

func TestImportArticlesRollsBackOnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		first := kb.Article{ID: "a", Type: kb.TypeVAC, Title: "A", Theme: "T", Summary: "S", Body: "B"}
		second := first
		second.ID = "b"
		// Without its history table the import fails after the first article's row was written: the
		// transaction must take that row back.
		if _, err := s.Exec(ctx, `DROP TABLE article_versions`); err != nil {
			t.Fatal(err)
		}
		calls := 0
		s.OnArticleChanged(func(string) { calls++ })
		if _, err := s.ImportArticles(ctx, []kb.Article{first, second}, "test"); err == nil {
			t.Fatal("import without a history table succeeded")
		}
		if _, err := s.Article(ctx, "a"); !errors.Is(err, kb.ErrNotFound) {
			t.Fatalf("article after failed import: %v, want ErrNotFound", err)
		}
		if calls != 0 {
			t.Fatalf("change listeners ran %d times for a failed import", calls)
		}
	})
}

func TestListArticlesAndThemes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		items := []kb.Article{
			{ID: "p1", Type: kb.TypeProduct, Title: "B product", Theme: "Afval", Summary: "s", Body: "b"},
			{ID: "v1", Type: kb.TypeVAC, Title: "A vraag", Theme: "Afval", Summary: "s", Body: "b"},
			{ID: "d1", Type: kb.TypeProduct, Title: "Concept", Theme: "Parkeren", Summary: "s", Body: "b", State: kb.StateDraft},
		}
		if _, err := s.ImportArticles(ctx, items, "test"); err != nil {
			t.Fatal(err)
		}
		list, err := s.ListArticles(ctx, store.ArticleFilter{Theme: "Afval", Type: kb.TypeProduct})
		if err != nil || len(list) != 1 || list[0].ID != "p1" {
			t.Fatalf("filter theme+type: %v %v", list, err)
		}
		list, err = s.ListArticles(ctx, store.ArticleFilter{PublishedOnly: true})
		if err != nil || len(list) != 2 || list[0].ID != "v1" {
			t.Fatalf("published, ordered by title: %v %v", list, err)
		}
		themes, err := s.Themes(ctx)
		if err != nil || len(themes) != 1 || themes[0] != (store.Theme{Name: "Afval", Count: 2}) {
			t.Fatalf("themes (drafts excluded): %v %v", themes, err)
		}
		if err := s.DeleteArticle(ctx, "p1"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteArticle(ctx, "p1"); !errors.Is(err, kb.ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
	})
}

func TestFeedbackIsCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, useful := range []bool{true, true, false} {
			if err := s.AddFeedback(ctx, store.Feedback{ArticleID: "paspoort", Useful: useful, Comment: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		c, err := s.FeedbackFor(ctx, "paspoort")
		if err != nil || c != (store.FeedbackCount{Useful: 2, NotUseful: 1}) {
			t.Fatalf("feedback count %+v %v", c, err)
		}
	})
}

func TestRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)`,
			s.SchemaVersion()+1, "9999_future.sql"); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(ctx, s.DSN())
		if !errors.Is(err, store.ErrSchemaTooNew) {
			t.Fatalf("open on a newer schema: %v, want ErrSchemaTooNew", err)
		}
	})
}

func TestDraftBesidePublishedKeepsTheLiveVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		live := kb.Article{ID: "p", Type: kb.TypeProduct, Title: "Paspoort", Theme: "T", Summary: "Oud.", Body: "B"}
		if err := s.SaveArticle(ctx, live, "ravi"); err != nil {
			t.Fatal(err)
		}
		draft := live
		draft.Summary = "Nieuw, nog niet klaar."
		if err := s.SaveDraftBeside(ctx, draft, "ravi"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Article(ctx, "p")
		if err != nil || got.Summary != "Oud." || !got.Published() {
			t.Fatalf("live article after a draft beside it: %+v %v", got, err)
		}
		pending, ok, err := s.PendingDraft(ctx, "p")
		if err != nil || !ok || pending.Version != 2 || pending.Article.Summary != draft.Summary {
			t.Fatalf("pending draft: %+v %v %v", pending, ok, err)
		}
		if v, err := s.CurrentVersion(ctx, "p"); err != nil || v != 2 {
			t.Fatalf("current version %d %v, want the draft's 2", v, err)
		}
		// Publishing the draft's content replaces the live article and leaves no pending draft.
		draft.State = kb.StatePublished
		if err := s.SaveArticle(ctx, draft, "ravi"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Article(ctx, "p"); got.Summary != draft.Summary {
			t.Fatalf("published summary %q", got.Summary)
		}
		if _, ok, err := s.PendingDraft(ctx, "p"); ok || err != nil {
			t.Fatalf("a pending draft is left after publishing: %v %v", ok, err)
		}
		if v, _ := s.CurrentVersion(ctx, "p"); v != 3 {
			t.Fatalf("version after publishing %d, want 3", v)
		}
		// A concept beside an article taken offline keeps that article's own text as it is (kb.Service
		// uses this when a review date reaches both), and a concept beside nothing is refused.
		d := kb.Article{ID: "d", Type: kb.TypeVAC, Title: "D", Theme: "T", Summary: "S", Body: "B", State: kb.StateDraft}
		if err := s.SaveArticle(ctx, d, "ravi"); err != nil {
			t.Fatal(err)
		}
		concept := d
		concept.Body = "Nieuw"
		if err := s.SaveDraftBeside(ctx, concept, "ravi"); err != nil {
			t.Fatal(err)
		}
		if row, _ := s.Article(ctx, "d"); row.Body != "B" {
			t.Fatalf("the offline row changed to %q", row.Body)
		}
		if v, ok, err := s.PendingDraft(ctx, "d"); err != nil || !ok || v.Article.Body != "Nieuw" {
			t.Fatalf("concept beside the offline row: %+v %v %v", v.Article, ok, err)
		}
		missing := d
		missing.ID = "bestaat-niet"
		if err := s.SaveDraftBeside(ctx, missing, "ravi"); !errors.Is(err, kb.ErrNotFound) {
			t.Fatalf("concept beside nothing: %v", err)
		}
	})
}
