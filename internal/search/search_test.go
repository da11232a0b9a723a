package search

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"loket/internal/demo"
	"loket/internal/kb"
)

func testArticles() []kb.Article {
	return []kb.Article{
		{ID: "afvalcontainer", Type: kb.TypeProduct, Title: "Afvalcontainer aanvragen", UPL: "Afvalcontainer",
			Summary: "U vraagt een nieuwe afvalcontainer aan of meldt dat uw container kapot is.",
			Body:    "## Wat is het?\nElk huis heeft een container voor restafval.", Internal: "geheimcode-x"},
		{ID: "parkeervergunning", Type: kb.TypeProduct, Title: "Parkeervergunning voor bewoners",
			Summary: "Met een parkeervergunning parkeert u in uw eigen wijk.", Body: "Bewoners parkeren met een vergunning."},
		{ID: "paspoort", Type: kb.TypeProduct, Title: "Paspoort aanvragen", Summary: "U vraagt een paspoort aan bij de balie.",
			Body: "Een paspoort is 10 jaar geldig. Neem een pasfoto mee."},
		{ID: "concept", Type: kb.TypeProduct, Title: "Hondenbelasting", Summary: "Nog niet af.", State: kb.StateDraft},
	}
}

func testIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(testArticles()); err != nil {
		t.Fatal(err)
	}
	return ix
}

func firstID(t *testing.T, ix *Index, q string) string {
	t.Helper()
	res, err := ix.Search(q, 5)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].ID
}

func TestSearchDutchAnalysis(t *testing.T) {
	ix := testIndex(t)
	tests := []struct{ query, want string }{
		{"paspoorten", "paspoort"},                   // stemming
		{"PASPOORT", "paspoort"},                     // case
		{"paspoört", "paspoort"},                     // accent folding
		{"paspport", "paspoort"},                     // typo
		{"container voor afval", "afvalcontainer"},   // compound in the article
		{"afval container", "afvalcontainer"},        // compound written apart
		{"vergunning parkeren", "parkeervergunning"}, // compound parts, other order
		{"kliko kapot", "afvalcontainer"},            // synonym
		{"parkeer vergunning", "parkeervergunning"},  // joined
		{"hondenbelasting", ""},                      // drafts are not indexed
		{"geheimcode-x", ""},                         // internal notes are not searched
	}
	for _, tt := range tests {
		if got := firstID(t, ix, tt.query); got != tt.want {
			t.Errorf("Search(%q) first = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestUpsertAndDelete(t *testing.T) {
	ix := testIndex(t)
	a := testArticles()[3]
	a.State = kb.StatePublished
	if err := ix.Upsert(a); err != nil {
		t.Fatal(err)
	}
	if got := firstID(t, ix, "hondenbelasting"); got != "concept" {
		t.Errorf("after publishing, first = %q", got)
	}
	a.State = kb.StateDraft
	if err := ix.Upsert(a); err != nil {
		t.Fatal(err)
	}
	if got := firstID(t, ix, "hondenbelasting"); got != "" {
		t.Errorf("after unpublishing, first = %q", got)
	}
	if err := ix.Delete("paspoort"); err != nil {
		t.Fatal(err)
	}
	if got := firstID(t, ix, "paspoort"); got != "" {
		t.Errorf("after delete, first = %q", got)
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2", ix.Len())
	}
	// Many updates trigger compaction; the index must stay correct.
	p := testArticles()[2]
	for range 200 {
		if err := ix.Upsert(p); err != nil {
			t.Fatal(err)
		}
	}
	if got := firstID(t, ix, "paspoort"); got != "paspoort" || ix.Len() != 3 {
		t.Errorf("after updates: first = %q, len %d", got, ix.Len())
	}
}

func TestBadQuery(t *testing.T) {
	ix := testIndex(t)
	for _, q := range []string{strings.Repeat("a", MaxQueryBytes+1), "pas\x00poort", "\xff", "a\x1bb"} {
		if _, err := ix.Search(q, 5); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%q) error = %v, want ErrBadQuery", q, err)
		}
	}
	res, err := ix.Search("  de het een ", 5)
	if err != nil || len(res.Hits) != 0 || res.Answer != nil {
		t.Errorf("stop words only: %+v, %v", res, err)
	}
}

func TestSnippetEscapesAndMarks(t *testing.T) {
	ix := testIndex(t)
	a := testArticles()[2]
	a.Summary = "Een <b>paspoort</b> & meer"
	if err := ix.Upsert(a); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search("paspoort", 1)
	if err != nil || len(res.Hits) == 0 {
		t.Fatal(res, err)
	}
	want := "Een &lt;b&gt;<mark>paspoort</mark>&lt;/b&gt; &amp; meer"
	if got := string(res.Hits[0].Snippet); got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
}

func TestDirectAnswer(t *testing.T) {
	ix := demoIx(t)
	res, err := ix.Search("paspoort aanvragen", 5)
	if err != nil || res.Answer == nil || res.Answer.ID != "paspoort" {
		t.Errorf("paspoort aanvragen: answer %+v, %v", res.Answer, err)
	}
	res, err = ix.Search("zwembad openingstijden zondag", 5)
	if err != nil || res.Answer != nil {
		t.Errorf("zwembad: answer %+v, %v; want none", res.Answer, err)
	}
}

func TestSuggest(t *testing.T) {
	ix := demoIx(t)
	got, err := ix.Suggest("pasp", 5)
	if err != nil || len(got) == 0 || !strings.HasPrefix(got[0].Text, "Paspoort") {
		t.Errorf("Suggest(pasp) = %v, %v", got, err)
	}
	got, err = ix.Suggest("kliko", 3)
	if err != nil || len(got) == 0 || got[0].ID != "afvalcontainer" {
		t.Errorf("Suggest(kliko) = %v, %v", got, err)
	}
}

func TestLoadSynonyms(t *testing.T) {
	s, err := LoadSynonyms(strings.NewReader("# comment\nkliko, minicontainer # trailing\n\nroze pasje => rijbewijs\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !s.known(stem("kliko")) || !s.known(stem("roze")) || s.known(stem("rijbewijs")) {
		t.Error("rules not loaded as written")
	}
	for _, bad := range []string{"kliko\n", "a, , b\n", "a => b => c\n", "de, het\n"} {
		if _, err := LoadSynonyms(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadSynonyms(%q) accepted", bad)
		}
	}
	DefaultSynonyms() // panics when a thesaurus file is broken
}

func TestSplitCompounds(t *testing.T) {
	d := newDictionary(map[string]int32{"afval": 1, "container": 1, "korting": 1, "pas": 1, "schuld": 1, "hulp": 1, "verlening": 1})
	tests := map[string]string{
		"afvalcontainer":      "afval container",
		"kortingspas":         "korting pas",
		"schuldhulpverlening": "schuld hulp verlening",
		"paspoort":            "",
	}
	for w, want := range tests {
		if got := strings.Join(d.split(w), " "); got != want {
			t.Errorf("split(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	ix := testIndex(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 50 {
				if i == 0 {
					a := testArticles()[j%3]
					if err := ix.Upsert(a); err != nil {
						t.Error(err)
					}
					continue
				}
				if _, err := ix.Search("afval container", 5); err != nil {
					t.Error(err)
				}
				if _, err := ix.Suggest("par", 5); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// TestBuildAndUpsertAnalyseAlike: a build reads each article once into word numbers and analyses those; an
// article added alone is analysed from its text. Both must give every article the same terms.
func TestBuildAndUpsertAnalyseAlike(t *testing.T) {
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	st := demoIx(t).st
	tk := tokenizeChunk(articles, 0, len(articles))
	chunk := newChunkAnalyser(st.dict, tk)
	for i := range articles {
		fromTokens := map[string]termFreq{}
		for _, tf := range chunk.analyseTokens(tk, i, &st.avgLen) {
			fromTokens[chunk.names[tf.id]] = tf
		}
		alone := newAnalyser(st.dict)
		fromText := alone.analyse(&articles[i], &st.avgLen)
		if len(fromText) != len(fromTokens) {
			t.Fatalf("%s: %d terms from the text, %d from the word numbers", articles[i].ID, len(fromText), len(fromTokens))
		}
		for _, tf := range fromText {
			got, ok := fromTokens[alone.names[tf.id]]
			if !ok || math.Abs(float64(got.tf-tf.tf)) > 1e-5 || got.about != tf.about {
				t.Errorf("%s, term %q: %+v from the word numbers, %+v from the text", articles[i].ID, alone.names[tf.id], got, tf)
			}
		}
	}
}
