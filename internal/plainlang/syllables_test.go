package plainlang

import "testing"

func TestCountSyllables(t *testing.T) {
	tests := map[string]int{
		"de": 1, "het": 1, "uw": 1, "bij": 1, "nieuw": 1, "leeuw": 1,
		"aanvraag": 2, "ouders": 2, "mooie": 2, "koeien": 2, "zeeën": 2, "nieuwe": 2,
		"gemeente": 3, "uitkering": 3, "duidelijk": 3, "theater": 3, "radio": 3,
		"bijvoorbeeld": 3, "ideeën": 3, "ruïne": 3, "bureau": 2, "Europese": 4,
		"situatie": 4, "januari": 4, "beoordelen": 4, "yoga": 2, "baby": 2, "systeem": 2,
		"geïnteresseerd": 5, "coördinator": 5, "gemeentelijke": 5, "individueel": 5,
		"financiële": 5, "één": 1, "café": 2, "84,00": 1, "BSN": 1,
	}
	for word, want := range tests {
		if got := countSyllables(word); got != want {
			t.Errorf("countSyllables(%q) = %d, want %d", word, got, want)
		}
	}
}
