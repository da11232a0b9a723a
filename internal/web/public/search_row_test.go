package public

import (
	"html/template"
	"testing"

	"loket/internal/search"
	"loket/internal/web/render"
)

// TestResultRowIsTheTemplatesMarkup: the results list's item written in Go is the search-result template's
// output, for titles and summaries with every character html/template escapes, English hits, hits with and
// without a snippet.
func TestResultRowIsTheTemplatesMarkup(t *testing.T) {
	pages, err := render.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &Handler{pages: pages}
	hits := []search.Hit{
		{ID: "paspoort", Type: "product", Title: "Paspoort aanvragen", Summary: "U vraagt een paspoort aan.",
			Snippet: template.HTML("U vraagt een <mark>paspoort</mark> aan.")},
		{ID: "vac-1", Type: "vac", Title: `Kan ik "1+1" <b>&</b> 'twee' betalen?` + "\x00", Summary: `Ja: "a+b" <i>&</i> 'c'`},
		{ID: "id-kaart", Type: "product", Title: "Identity card", Summary: "An ID card & more.", Lang: "en"},
		{ID: "x_y.z~1", Type: "product", Title: "ümlaut — € 59,10", Summary: ""},
	}
	for _, hit := range hits {
		r := h.searchResult(hit, "8598c407032fa794528bfce5")
		want, err := pages.Fragment("search", "search-result", r)
		if err != nil {
			t.Fatal(err)
		}
		if got := resultRow(r); got != want {
			t.Errorf("%s:\n got %s\nwant %s", hit.ID, got, want)
		}
	}
}
