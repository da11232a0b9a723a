package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/store/storetest"
)

// TestSynonymsReachOtherInstance runs two loket instances on one PostgreSQL: a synonym list an editor saves
// through one must be used by the search index of the other within a second, and by an instance started
// afterwards.
func TestSynonymsReachOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	srvA, a := startOn(t, dsn, true)
	_, b := startOn(t, dsn, false)
	// Warm-up: once this article reaches b, b is listening and what follows measures the notification path.
	warm := kb.Article{ID: "warm-up", Type: kb.TypeVAC, Title: "Opwarmvraag", Theme: "Sport", Summary: "s", Body: "b"}
	if err := a.Store.SaveArticle(context.Background(), warm, "test"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "warm-up article on b", func() bool { return indexFinds(t, b.Search, "opwarmvraag", warm.ID) })

	const word = "blauwboekje" // not in any article: only the synonym can find the passport
	if indexFinds(t, a.Search, word, "paspoort") || indexFinds(t, b.Search, word, "paspoort") {
		t.Fatalf("%q finds the passport before the synonym is saved", word)
	}
	_, token := addStaff(t, a, "redacteur@voorbeeld.nl", auth.RoleEditor)
	form := url.Values{"synoniemen": {search.DefaultSynonymsText() + "\n" + word + ", paspoort\n"}}
	req, _ := http.NewRequest(http.MethodPost, srvA.URL+"/beheer/synoniemen", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	saved := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save synonyms: status %d", resp.StatusCode)
	}
	if !indexFinds(t, a.Search, word, "paspoort") {
		t.Fatalf("the instance that saved the list does not use it")
	}
	waitUntil(t, "the synonym on the other instance", func() bool { return indexFinds(t, b.Search, word, "paspoort") })
	d := time.Since(saved)
	t.Logf("a saved synonym list reached the other instance's index %v after the editor pressed save", d)
	if d > time.Second {
		t.Errorf("the synonym list reached the other instance after %v, want within 1 s", d)
	}
	_, later := startOn(t, dsn, false)
	if !indexFinds(t, later.Search, word, "paspoort") {
		t.Fatalf("an instance started later does not use the saved list")
	}
}
