package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestArticlePagesFollowChangesAtOnce: article pages are served from memory after the first view, yet every
// change shows on the next view of this instance: a new title, a related article depublished, the article
// depublished (404), a draft never shown.
func TestArticlePagesFollowChangesAtOnce(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	ctx := context.Background()
	page := srv.URL + "/producten/paspoort"
	mustShow(t, page, "Paspoort aanvragen", "/vragen/vac-paspoort-kind")

	pas, err := a.Store.Article(ctx, "paspoort")
	if err != nil {
		t.Fatal(err)
	}
	pas.Title = "Paspoort aanvragen of verlengen"
	if err := a.Store.SaveArticle(ctx, pas, "test"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, page, "Paspoort aanvragen of verlengen")

	id, err := a.Store.Article(ctx, "vac-paspoort-kind") // related to paspoort in the demo
	if err != nil {
		t.Fatal(err)
	}
	id.State = kb.StateDraft
	if err := a.Store.SaveArticle(ctx, id, "test"); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, page); strings.Contains(body, "/vragen/vac-paspoort-kind") {
		t.Error("a depublished related article is still linked from the page")
	}
	if code, _ := get(t, srv.URL+"/vragen/vac-paspoort-kind"); code != http.StatusNotFound {
		t.Errorf("depublished article: status %d, want 404", code)
	}

	pas.State = kb.StateDraft
	if err := a.Store.SaveArticle(ctx, pas, "test"); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, page); code != http.StatusNotFound {
		t.Errorf("depublished article after a cached view: status %d, want 404", code)
	}

	draft := kb.Article{ID: "nieuw-concept", Type: kb.TypeVAC, Title: "Concept", Theme: "Sport", Summary: "s",
		Body: "b", State: kb.StateDraft}
	if err := a.Store.SaveArticle(ctx, draft, "test"); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, srv.URL+"/vragen/nieuw-concept"); code != http.StatusNotFound {
		t.Errorf("draft article: status %d, want 404", code)
	}
}

// TestArticlePageChangeReachesOtherInstance: with two instances on one PostgreSQL, a page the second
// instance has in memory follows a change made through the first within a second.
func TestArticlePageChangeReachesOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	_, first := startOn(t, dsn, true)
	srv2, second := startOn(t, dsn, false)
	ctx := context.Background()
	// The second instance subscribes in the background; once its index has the warm-up article it listens.
	warm := kb.Article{ID: "warm-up", Type: kb.TypeVAC, Title: "Opwarmvraag", Theme: "Sport", Summary: "s", Body: "b"}
	if err := first.Store.SaveArticle(ctx, warm, "test"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "warm-up article", func() bool { return indexFinds(t, second.Search, "opwarmvraag", warm.ID) })

	page := srv2.URL + "/producten/paspoort"
	mustShow(t, page, "Paspoort aanvragen") // now in the second instance's memory
	pas, err := first.Store.Article(ctx, "paspoort")
	if err != nil {
		t.Fatal(err)
	}
	pas.Title = "Paspoort aanvragen of verlengen"
	if err := first.Store.SaveArticle(ctx, pas, "test"); err != nil {
		t.Fatal(err)
	}
	d := waitUntil(t, "new title", func() bool {
		_, body := get(t, page)
		return strings.Contains(body, "Paspoort aanvragen of verlengen")
	})
	if d > time.Second {
		t.Errorf("new title reached the other instance's page after %v, want within 1 s", d)
	}
	pas.State = kb.StateDraft
	if err := first.Store.SaveArticle(ctx, pas, "test"); err != nil {
		t.Fatal(err)
	}
	d = waitUntil(t, "depublished page", func() bool {
		code, _ := get(t, page)
		return code == http.StatusNotFound
	})
	if d > time.Second {
		t.Errorf("depublishing reached the other instance's page after %v, want within 1 s", d)
	}
}

// mustShow fetches u and fails unless it is a 200 page containing every text of want.
func mustShow(t *testing.T, u string, want ...string) {
	t.Helper()
	code, body := get(t, u)
	if code != http.StatusOK {
		t.Fatalf("%s: status %d", u, code)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not show %q", u, w)
		}
	}
}

// TestArticleCacheUnderConcurrentViews: views racing a series of changes never leave a stale page in
// memory: once the last change is committed, the next view shows it.
func TestArticleCacheUnderConcurrentViews(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	ctx := context.Background()
	page := srv.URL + "/producten/paspoort"
	pas, err := a.Store.Article(ctx, "paspoort")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(page)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		}()
	}
	for i := range 20 {
		pas.Title = "Paspoort aanvragen, versie " + string(rune('A'+i))
		if err := a.Store.SaveArticle(ctx, pas, "test"); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	for range 4 {
		<-done
	}
	mustShow(t, page, "Paspoort aanvragen, versie T")
}
