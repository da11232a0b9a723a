package kb_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"loket/internal/demo"
	. "loket/internal/kb"
)

func TestDemoKnowledgeBaseIsValid(t *testing.T) {
	articles, err := ParseImport(bytes.NewReader(demo.KnowledgeBase))
	if err != nil {
		t.Fatal(err)
	}
	if len(articles) != 157 {
		t.Fatalf("%d articles, want 157", len(articles))
	}
	// Every demo article keeps every rule the editor checks: owner team, review date, a UPL name from
	// the national list.
	for _, a := range articles {
		if err := Validate(a, nil); err != nil {
			t.Errorf("demo article breaks a rule: %v", err)
		}
		if n := Normalize(a); n.UPL != a.UPL {
			t.Errorf("%s: UPL %q is not spelled as the list spells it (%q), so the first save would change it", a.ID, a.UPL, n.UPL)
		}
	}
	var buf bytes.Buffer
	if err := WriteExport(&buf, articles); err != nil {
		t.Fatal(err)
	}
	again, err := ParseImport(&buf)
	if err != nil || len(again) != len(articles) || again[0].Body != articles[0].Body {
		t.Fatalf("export does not import again: %v", err)
	}
}

func TestThemeSlugAndPaths(t *testing.T) {
	for in, want := range map[string]string{"Wonen en bouwen": "wonen-en-bouwen", "Financiën & zorg ": "financien-zorg", "Afval": "afval"} {
		if got := ThemeSlug(in); got != want {
			t.Errorf("ThemeSlug(%q) = %q, want %q", in, got, want)
		}
	}
	if PathFor(TypeVAC, "x") != "/vragen/x" || PathFor(TypeProduct, "y") != "/producten/y" {
		t.Fatal("article paths")
	}
}

// FuzzParseImport feeds arbitrary bytes to the importer: it must never panic, whatever it accepts must have
// unique ids and export again, and the validator must never panic on it.
func FuzzParseImport(f *testing.F) {
	f.Add(`[{"id":"a","type":"vac","title":"A","theme":"T","summary":"S","body":"B"}]`)
	f.Add(`[{"id":"a","type":"product","title":"A","theme":"T","summary":"S","body":"B","channels":["online"],"deadline_days":56}]`)
	f.Add(`{"id":1}`)
	f.Add(`[`)
	f.Add(string(demo.KnowledgeBase[:2000]))
	f.Fuzz(func(t *testing.T, data string) {
		articles, err := ParseImport(strings.NewReader(data))
		if err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) && ve.Item == "" {
				t.Fatalf("validation error without an item: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range articles {
			if err := Validate(a, nil); err != nil {
				var ve *ValidationError
				if !errors.As(err, &ve) || len(ve.Fields) == 0 {
					t.Fatalf("validation error without fields: %v", err)
				}
			}
			if seen[a.ID] {
				t.Fatalf("accepted duplicate id %q", a.ID)
			}
			seen[a.ID] = true
		}
		var buf bytes.Buffer
		if err := WriteExport(&buf, articles); err != nil {
			t.Fatalf("export of accepted articles: %v", err)
		}
		if again, err := ParseImport(&buf); err != nil || len(again) != len(articles) {
			t.Fatalf("export of accepted articles does not import again: %d of %d, %v", len(again), len(articles), err)
		}
	})
}
