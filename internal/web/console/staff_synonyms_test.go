package console

import (
	"strings"
	"testing"
)

// The own-words list accepts the thesaurus's forms too, and a broken concept block names its line.
func TestSynonymProblemsThesaurusForms(t *testing.T) {
	ok := "beuk, eik < boom\nlicht: buurman\n[stadskantoor]\nspreektaal: het kantoor aan de markt\nengels: city office\n"
	if got := synonymProblems(ok); len(got) != 0 {
		t.Errorf("valid list: problems %+v", got)
	}
	bad := "kliko, minicontainer\n[]\nspreektaal: x\n"
	got := synonymProblems(bad)
	if len(got) != 1 || got[0].Line != 2 || !strings.Contains(got[0].Message, "[naam]") {
		t.Errorf("broken block: problems %+v, want line 2", got)
	}
}
