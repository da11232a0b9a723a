package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/store"
)

// An editor types a broken link in a concept of a published article and presses "Links nu controleren":
// the links page shows it at once, without waiting for the daily run.
func TestEditorChecksTheLinksOfOneArticleNow(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
	c := consoleClient(t, srv.URL, "eva@voorbeeld.nl", password)
	ctx := context.Background()
	art, err := a.Store.Article(ctx, "afvalkalender")
	if err != nil {
		t.Fatal(err)
	}
	version, _ := a.Store.CurrentVersion(ctx, art.ID)
	art.Body += "\n\nZie ook [de kerstbomen](/vragen/kerstboom-ophalen) en [grofvuil](/producten/grofvuil)."
	if code, _, final := post(t, c, srv.URL+"/beheer/artikelen/afvalkalender", editorForm(art, strconv.Itoa(version), "concept")); code != 200 ||
		!strings.Contains(final, "concept-naast") {
		t.Fatalf("save the concept: %d at %s", code, final)
	}
	code, body, final := post(t, c, srv.URL+"/beheer/artikelen/afvalkalender/links-controleren", nil)
	if code != 200 || !strings.Contains(final, "/beheer/links?artikel=afvalkalender") {
		t.Fatalf("check now: %d at %s", code, final)
	}
	if !strings.Contains(body, "zijn net gecontroleerd: 1 werken niet") || !strings.Contains(body, "/vragen/kerstboom-ophalen") ||
		!strings.Contains(body, "Dit artikel bestaat niet of is niet gepubliceerd.") || strings.Contains(body, "/producten/grofvuil<") {
		t.Fatalf("links page after checking one article:\n%s", body)
	}
}
