package linkcheck

import (
	"slices"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	for _, c := range []struct {
		md   string
		want []string
	}{
		{"Zie [paspoort](/producten/paspoort) en [DigiD](https://www.digid.nl/).", []string{"/producten/paspoort", "https://www.digid.nl/"}},
		{"<https://example.org/a> en nog eens [a](https://example.org/a)", []string{"https://example.org/a"}},
		{"Mail [ons](mailto:a@b.nl), bel [ons](tel:140999) of lees [hier](#kosten).", nil},
		{"`[geen](link)` in code\n\n    [ook geen](link)\n", nil},
		{"* [in een lijst](/vragen/x)\n\n> [in een citaat](/vragen/y)", []string{"/vragen/x", "/vragen/y"}},
		{"[ref][1]\n\n[1]: https://example.org/ref", []string{"https://example.org/ref"}},
		{"Gewoon https://example.org zonder haakjes wordt geen link.", nil},
	} {
		if got := Extract(c.md); !slices.Equal(got, c.want) {
			t.Errorf("Extract(%q) = %q, want %q", c.md, got, c.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("[a](https://example.org) <http://x.y> [b][1]\n\n[1]: /producten/z")
	f.Add("[](  ) <> [x](<a b>)")
	f.Fuzz(func(t *testing.T, md string) {
		for _, l := range Extract(md) {
			if l == "" || strings.HasPrefix(l, "#") {
				t.Fatalf("Extract returned an uncheckable link %q", l)
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	md := strings.Repeat("Een alinea met een [link](https://example.org/pagina) en [nog een](/producten/paspoort).\n\n", 50)
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		Extract(md)
	}
}
