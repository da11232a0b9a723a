package demo_test

import (
	"context"
	"testing"

	"loket/internal/demo"
	"loket/internal/kb"
	"loket/internal/store/storetest"
)

// The demo's host keeps one national text per UPL product of the demo knowledge base (97 products:
// 116 product articles, 14 without a UPL name, and four products with two or three articles); gemeente Voorbeeld's
// articles with the same id inherit them, with no field of their own except the passport's summary,
// whose national text then changed: the editor has something to decide.
func TestDemoInheritsTheNationalTexts(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportArticles(ctx, articles, "demo"); err != nil {
		t.Fatal(err)
	}
	n, err := demo.LoadNational(ctx, st)
	if err != nil || n != 97 {
		t.Fatalf("linked %d articles, %v; want 97", n, err)
	}
	svc := kb.NewService(st, nil).WithNational(st)
	pas, err := svc.NationalStatus(ctx, "paspoort")
	if err != nil || !pas.Changed() || len(pas.Changes) != 1 || pas.Changes[0].Field != "summary" {
		t.Fatalf("passport: %+v %v", pas, err)
	}
	id, err := svc.NationalStatus(ctx, "identiteitskaart")
	if err != nil || !id.Inherited || len(id.Overrides) != 0 || id.Changed() {
		t.Errorf("identiteitskaart should inherit with no own text: %+v %v", id, err)
	}
}
