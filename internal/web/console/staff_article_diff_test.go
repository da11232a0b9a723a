package console

import (
	"strings"
	"testing"

	"loket/internal/plainlang"
)

func TestLineDiff(t *testing.T) {
	for _, c := range []struct {
		old, new string
		want     string // ops and lines, one per line
	}{
		{"a\nb\nc", "a\nb\nc", "=a =b =c"},
		{"a\nb\nc", "a\nx\nc", "=a -b +x =c"},
		{"a\nb", "a\nb\nc", "=a =b +c"},
		{"a\nb\nc", "b\nc", "-a =b =c"},
		{"", "a", "- +a"},
		{"a\nb\nc\nd", "a\nc\nb\nd", "=a -b =c +b =d"},
	} {
		var got []string
		for _, l := range lineDiff(strings.Split(c.old, "\n"), strings.Split(c.new, "\n")) {
			got = append(got, l.Op+l.Text)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("lineDiff(%q, %q) = %q, want %q", c.old, c.new, g, c.want)
		}
	}
}

func TestHunksKeepContext(t *testing.T) {
	var old, new []string
	for i := range 20 {
		old = append(old, string(rune('a'+i)))
	}
	new = append(append([]string{}, old[:10]...), append([]string{"X"}, old[11:]...)...)
	h := hunks(lineDiff(old, new), 2)
	if len(h) != 1 || len(h[0].Lines) != 6 {
		t.Fatalf("hunks = %+v, want one hunk: 2 context lines, -k, +X, 2 context lines", h)
	}
}

func TestMarkText(t *testing.T) {
	text := "Indien u <b>komt</b>, dient u te bellen."
	got := string(markText(text, plainlang.Analyze(text)))
	if strings.Contains(got, "<b>") || !strings.Contains(got, "&lt;b&gt;") {
		t.Errorf("markText does not escape: %s", got)
	}
	if !strings.Contains(got, `<mark class="taal-ambtelijk" title="Schrijf liever: als">Indien</mark>`) {
		t.Errorf("markText does not mark officialese: %s", got)
	}
	if strings.Count(got, "<mark") != strings.Count(got, "</mark>") {
		t.Errorf("unbalanced marks: %s", got)
	}
}

func TestSynonymProblems(t *testing.T) {
	body := "# opmerking\nkliko, minicontainer\nroze pasje => rijbewijs\nalleen\na => b => c\n => x\nkliko,, bak\nde, het\n\n"
	want := map[int]string{4: "minstens twee woorden", 5: "één keer", 6: "links én rechts", 7: "lege term", 8: "niet gezocht"}
	got := synonymProblems(body)
	if len(got) != len(want) {
		t.Fatalf("problems %+v, want lines 4 to 8", got)
	}
	for _, p := range got {
		if !strings.Contains(p.Message, want[p.Line]) {
			t.Errorf("line %d: %q, want it to mention %q", p.Line, p.Message, want[p.Line])
		}
	}
}

func FuzzSynonymProblems(f *testing.F) {
	f.Add("kliko, minicontainer\nroze pasje => rijbewijs")
	f.Add("=>\n,,\n# x => y")
	f.Fuzz(func(t *testing.T, body string) {
		if len(synonymProblems(body)) == 0 && len(strings.Split(body, "\n")) <= maxSynonymLines {
			// A list the editor may save must load.
			if _, err := loadSynonymsText(body); err != nil {
				t.Fatalf("no problems reported, but loading fails: %v", err)
			}
		}
	})
}

func BenchmarkLineDiff(b *testing.B) {
	var old, new []string
	for i := range 400 {
		line := strings.Repeat("woord ", i%12) + "regel"
		old = append(old, line)
		if i%25 == 0 {
			line = "gewijzigd: " + line
		}
		new = append(new, line)
	}
	for b.Loop() {
		hunks(lineDiff(old, new), 2)
	}
}

// BenchmarkLanguageCheck is the work behind one debounced keystroke in the editor (a 600-word article).
func BenchmarkLanguageCheck(b *testing.B) {
	text := strings.Repeat("Indien u een paspoort aanvraagt, dient u een pasfoto mee te nemen naar de balie van het stadhuis. Dat kan op afspraak.\n\n", 30)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		languageOf(text)
	}
}
