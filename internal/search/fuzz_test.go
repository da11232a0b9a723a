package search

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearch checks that no input makes Search panic: it returns results or ErrBadQuery.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"paspoort", "kliko kapot", "", " ", "id-kaart", "a\x00b", "\xff\xfe", "é", "digi d",
		"schuld hulp verlening", "<script>alert(1)</script>", "verloopt gekapt", "ĳ", "---", "zo'n 100 mensen"} {
		f.Add(s)
	}
	ix := demoIx(f)
	f.Fuzz(func(t *testing.T, q string) {
		res, err := ix.Search(q, 5)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("Search(%q): unexpected error %v", q, err)
			}
			return
		}
		if len(res.Hits) > 5 {
			t.Fatalf("Search(%q): %d hits, limit 5", q, len(res.Hits))
		}
		for _, h := range res.Hits {
			if !utf8.ValidString(string(h.Snippet)) {
				t.Fatalf("Search(%q): snippet not UTF-8", q)
			}
		}
		if _, err := ix.Suggest(q, 5); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("Suggest(%q): %v", q, err)
		}
		if _, err := ix.SuggestAnswers(q, 3); err != nil {
			t.Fatalf("SuggestAnswers(%q): %v", q, err)
		}
	})
}

// FuzzLoadSynonyms checks that no list an editor saves makes the parser panic, and that a list it accepts
// can be searched with.
func FuzzLoadSynonyms(f *testing.F) {
	for _, s := range []string{"kliko, minicontainer", "a => b", "beuk < boom", "licht: vader", "[x]\nspreektaal: y\nbreder: z",
		"[]\n", "niet eens met => bezwaar", "de, het", "a < b < c", "[a]\nwoorden:", "=>", "licht: de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		syn, err := LoadSynonyms(strings.NewReader(body))
		if err != nil {
			return
		}
		local, err := New(syn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := local.Search("paspoort "+body, 3); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("search with the list: %v", err)
		}
	})
}
