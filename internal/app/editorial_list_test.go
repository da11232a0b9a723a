package app_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestArticleListReachesEveryArticle: a knowledge base bigger than a page. With 450 articles in one
// theme the editors' list says "450 artikelen gevonden", shows 200 a page by title, and "Volgende pagina"
// reaches every one of them exactly once (the list stopped at 1,000 and counted only what it showed).
func TestArticleListReachesEveryArticle(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	srv, a := startWith(t, st, func(*config.Config) {})
	var many []kb.Article
	for i := range 450 {
		many = append(many, kb.Article{ID: fmt.Sprintf("test-%03d", i), Type: kb.TypeVAC, Title: fmt.Sprintf("Vraag %03d", i),
			Theme: "Testthema", Summary: "s", Body: "b", Owner: "Team Web", ReviewBy: "2027-06-01"})
	}
	if _, err := st.ImportArticles(context.Background(), many, "test"); err != nil {
		t.Fatal(err)
	}
	password, _ := addStaff(t, a, "redactie@voorbeeld.nl", auth.RoleEditor)
	client := login(t, srv, "redactie@voorbeeld.nl", password)

	link := regexp.MustCompile(`href="/beheer/artikelen/(test-\d{3})"`)
	next := regexp.MustCompile(`href="([^"]+)" rel="next">Volgende pagina`)
	seen, pages := map[string]bool{}, 0
	for u := "/beheer/artikelen?thema=Testthema"; u != ""; pages++ {
		code, page := getPage(t, client, srv.URL+u)
		if code != 200 {
			t.Fatalf("%s: %d", u, code)
		}
		if !strings.Contains(page, "450 artikelen gevonden.") {
			t.Fatalf("page %d does not say 450 articles were found", pages+1)
		}
		from, to := pages*200+1, min(pages*200+200, 450)
		if want := fmt.Sprintf("U ziet %d tot en met %d.", from, to); !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q", pages+1, want)
		}
		for i, m := range link.FindAllStringSubmatch(page, -1) {
			if want := fmt.Sprintf("test-%03d", pages*200+i); m[1] != want || seen[m[1]] {
				t.Fatalf("page %d, row %d: %s, want %s once, by title", pages+1, i+1, m[1], want)
			}
			seen[m[1]] = true
		}
		u = ""
		if m := next.FindStringSubmatch(page); m != nil {
			u = html.UnescapeString(m[1])
		}
	}
	if len(seen) != 450 || pages != 3 {
		t.Fatalf("the pages reached %d articles in %d pages, want 450 in 3", len(seen), pages)
	}
}
