package kb

import (
	"slices"
	"strings"
	"testing"
)

func TestUPLName(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"aanleunwoning", "aanleunwoning", true},
		{"  Aanleunwoning ", "aanleunwoning", true},
		{"Evenementenvergunning", "evenementenvergunning", true},
		{"paspoort-achtig", "", false},
		{"", "", false},
	} {
		got, ok := UPLName(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("UPLName(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if n := len(UPLNames()); n < 1000 {
		t.Errorf("UPL has %d names, want the whole bundled list (over 1000)", n)
	}
}

func TestSearchUPLPrefixFirst(t *testing.T) {
	got := SearchUPL("Afval", 50)
	if len(got) < 2 || !slices.Contains(got, "afvalstoffenheffing") || !slices.Contains(got, "bedrijfsafvalinzameling") {
		t.Fatalf("SearchUPL(Afval) = %q", got)
	}
	if !strings.HasPrefix(got[0], "afval") || strings.HasPrefix(got[len(got)-1], "afval") {
		t.Errorf("names starting with the query must come first: %q", got)
	}
	if len(SearchUPL("vergunning", 3)) != 3 || SearchUPL("", 10) != nil {
		t.Error("limit or empty query not respected")
	}
}
