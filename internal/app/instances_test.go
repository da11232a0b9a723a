package app_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestChangeReachesOtherInstance runs two loket instances on one PostgreSQL: an article published through
// one must be found by the search index of the other within a second.
func TestChangeReachesOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	_, first := startOn(t, dsn, true)
	_, second := startOn(t, dsn, false)
	waitFor := func(what string, ok func() bool) time.Duration {
		t.Helper()
		start := time.Now()
		for time.Since(start) < 5*time.Second {
			if ok() {
				return time.Since(start)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("%s: not seen by the other instance within 5 s", what)
		return 0
	}
	hasHit := func(q, id string) func() bool {
		return func() bool {
			res, err := second.Search.Search(q, 5)
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
	}
	// Warm-up: the second instance subscribes in the background after it starts; once this change arrives it
	// is listening, and the next changes measure the notification path alone.
	warm := kb.Article{ID: "warm-up", Type: kb.TypeVAC, Title: "Opwarmvraag", Theme: "Sport", Summary: "s", Body: "b"}
	if err := first.Store.SaveArticle(context.Background(), warm, "test"); err != nil {
		t.Fatal(err)
	}
	waitFor("warm-up article", hasHit("opwarmvraag", warm.ID))
	a := kb.Article{ID: "zwembad-abonnement", Type: kb.TypeProduct, Title: "Zwembadabonnement kopen",
		Theme: "Sport", Summary: "Koop een abonnement voor het zwembad.", Body: "Het zwembad is open van 7 tot 22 uur."}
	if err := first.Store.SaveArticle(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	d := waitFor("new article", hasHit("zwembadabonnement", a.ID))
	t.Logf("a new article reached the other instance's index after %v", d)
	if d > time.Second {
		t.Errorf("new article reached the other instance after %v, want within 1 s", d)
	}
	a.State = kb.StateDraft
	if err := first.Store.SaveArticle(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	gone := hasHit("zwembadabonnement", a.ID)
	if d := waitFor("unpublished article", func() bool { return !gone() }); d > time.Second {
		t.Errorf("unpublishing reached the other instance after %v, want within 1 s", d)
	}
	if second.Store.Dialect() != store.Postgres {
		t.Fatal("not on PostgreSQL")
	}
}
