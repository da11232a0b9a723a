package app_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestChangeReachesOtherInstance runs two loket instances on one PostgreSQL: an article published through
// one must be found by the search index of the other within a second.
func TestChangeReachesOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	_, first := startOn(t, dsn, true)
	_, second := startOn(t, dsn, false)
	hasHit := func(q, id string) func() bool {
		return func() bool { return indexFinds(t, second.Search, q, id) }
	}
	// Warm-up: the second instance subscribes in the background after it starts; once this change arrives it
	// is listening, and the next changes measure the notification path alone.
	warm := kb.Article{ID: "warm-up", Type: kb.TypeVAC, Title: "Opwarmvraag", Theme: "Sport", Summary: "s", Body: "b"}
	if err := first.Store.SaveArticle(context.Background(), warm, "test"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "warm-up article", hasHit("opwarmvraag", warm.ID))
	a := kb.Article{ID: "zwembad-abonnement", Type: kb.TypeProduct, Title: "Zwembadabonnement kopen",
		Theme: "Sport", Summary: "Koop een abonnement voor het zwembad.", Body: "Het zwembad is open van 7 tot 22 uur."}
	if err := first.Store.SaveArticle(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	d := waitUntil(t, "new article", hasHit("zwembadabonnement", a.ID))
	t.Logf("a new article reached the other instance's index after %v", d)
	if d > time.Second {
		t.Errorf("new article reached the other instance after %v, want within 1 s", d)
	}
	a.State = kb.StateDraft
	if err := first.Store.SaveArticle(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	gone := hasHit("zwembadabonnement", a.ID)
	if d := waitUntil(t, "unpublished article", func() bool { return !gone() }); d > time.Second {
		t.Errorf("unpublishing reached the other instance after %v, want within 1 s", d)
	}
	if second.Store.Dialect() != store.Postgres {
		t.Fatal("not on PostgreSQL")
	}
}

// indexFinds reports whether a search for q in ix has the article id among its first five results.
func indexFinds(t *testing.T, ix *search.Index, q, id string) bool {
	t.Helper()
	res, err := ix.Search(q, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// waitUntil polls ok for up to 5 s and returns how long it took; it fails the test when ok never holds.
func waitUntil(t *testing.T, what string, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if ok() {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s: not seen by the other instance within 5 s", what)
	return 0
}
