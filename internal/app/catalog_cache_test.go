package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

const (
	testProductPage = "/producten/rijbewijs-test"
	testFormLink    = "/producten/rijbewijs-test/aanvragen"
	testBookLink    = "/afspraak?product=rijbewijs-test"
)

func saveTestProduct(t *testing.T, st *store.Store) {
	t.Helper()
	p := kb.Article{ID: "rijbewijs-test", Type: kb.TypeProduct, Title: "Rijbewijs testen", Theme: "Verkeer",
		Summary: "Een product voor de test.", Body: "Tekst.", State: kb.StatePublished}
	if err := st.SaveArticle(context.Background(), p, "test"); err != nil {
		t.Fatal(err)
	}
}

// TestProductPageLinksFollowFormAndSchedule: the product page keeps which products have a request form or an
// appointment in memory, yet a saved form and a product added to the appointment schedule show on the next
// view: first neither link, then the form's, then both.
func TestProductPageLinksFollowFormAndSchedule(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	ctx := context.Background()
	saveTestProduct(t, a.Store)
	page := srv.URL + testProductPage
	_, body := get(t, page)
	if strings.Contains(body, testFormLink) || strings.Contains(body, testBookLink) {
		t.Fatal("a product without form or appointment links to one")
	}
	form := request.Form{Product: "rijbewijs-test", Kind: "aanvraag", Title: "Rijbewijs testen aanvragen"}
	if err := a.Store.SaveRequestForm(ctx, form, "test"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, page, testFormLink)
	if _, body = get(t, page); strings.Contains(body, testBookLink) {
		t.Error("links to an appointment the schedule does not have")
	}
	if err := a.Store.SaveProduct(ctx, appointment.Product{ID: "rijbewijs-test", Title: "Rijbewijs testen", MinutesPerPerson: 10}); err != nil {
		t.Fatal(err)
	}
	mustShow(t, page, testFormLink, testBookLink)
}

// TestProductPageLinksReachOtherInstance: a form saved through one instance shows on a product page that
// the other instance has in memory within a second.
func TestProductPageLinksReachOtherInstance(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	_, first := startOn(t, dsn, true)
	srv2, _ := startOn(t, dsn, false)
	ctx := context.Background()
	saveTestProduct(t, first.Store)
	page := srv2.URL + testProductPage
	waitUntil(t, "the product on the second instance", func() bool {
		code, _ := get(t, page)
		return code == 200
	})
	if _, body := get(t, page); strings.Contains(body, testFormLink) {
		t.Fatal("a product without a form links to one")
	}
	form := request.Form{Product: "rijbewijs-test", Kind: "aanvraag", Title: "Rijbewijs testen aanvragen"}
	if err := first.Store.SaveRequestForm(ctx, form, "test"); err != nil {
		t.Fatal(err)
	}
	d := waitUntil(t, "the form's link", func() bool {
		_, body := get(t, page)
		return strings.Contains(body, testFormLink)
	})
	if d > time.Second {
		t.Errorf("the new form reached the other instance's page after %v, want within 1 s", d)
	}
}
