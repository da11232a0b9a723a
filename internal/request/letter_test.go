package request

import (
	"bytes"
	"strings"
	"testing"
)

// TestDecisionLetterRemedy: the Awb 3:45 clause fits the procedure: objection to the municipality
// after an application, appeal to the court after an objection, the ombudsman after a complaint.
func TestDecisionLetterRemedy(t *testing.T) {
	for _, tc := range []struct {
		proc, outcome, opening, remedy string
	}{
		{ProcedureDecision, "afgewezen", "af te wijzen", "bezwaar maken bij het college van burgemeester en wethouders van Voorbeeld"},
		{ProcedureEnvironment, "toegekend", "toe te kennen", "binnen zes weken"},
		{ProcedureWoo, "deels_openbaar", "een deel van de informatie openbaar", "bezwaar maken"},
		{ProcedureObjection, "ongegrond", "Uw bezwaar is ongegrond", "in beroep gaan bij de rechtbank"},
		{ProcedureComplaint, "klacht_gegrond", "Onze excuses", "Nationale ombudsman"},
	} {
		p, _ := Preset(tc.proc)
		r := Request{Reference: "VB-2026-000001", ProductTitle: "Kapvergunning", Name: "An Jansen", Procedure: p}
		l := DecisionLetter(r, tc.outcome, "Wij hebben gekeken naar de boom.\n\nDe boom is ziek.", "Gemeente Voorbeeld", at("2026-04-01"))
		text := LetterText(l)
		if !strings.Contains(text, tc.opening) || !strings.Contains(l.Remedy, tc.remedy) || len(l.Paragraphs) != 3 {
			t.Errorf("%s/%s: letter\n%s\nwant %q and remedy %q", tc.proc, tc.outcome, text, tc.opening, tc.remedy)
		}
		if tc.proc == ProcedureComplaint && strings.Contains(l.Remedy, "binnen zes weken") {
			t.Errorf("a complaint letter offers objection: %s", l.Remedy)
		}
	}
}

func TestLetterPDF(t *testing.T) {
	p, _ := Preset(ProcedureDecision)
	r := Request{Reference: "VB-2026-000001", ProductTitle: "Kapvergunning", Name: "Anouk Dijkstra-Çelik", Procedure: p}
	l := DecisionLetter(r, "toegekend", "U mag de eik kappen. De leges zijn € 45.", "Gemeente Voorbeeld", at("2026-04-01"))
	a, err := LetterPDF(l)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := LetterPDF(l)
	if !bytes.HasPrefix(a, []byte("%PDF-")) || !bytes.Equal(a, b) {
		t.Fatal("not a PDF, or not the same file for the same letter")
	}
	for _, want := range []string{"Niet eens met dit besluit?", "VB-2026-000001", "1 april 2026"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("the PDF does not contain %q", want)
		}
	}
	// "€" is 0x80 in code page 1252: the translated amount is in the file.
	if !bytes.Contains(a, []byte("\\x80 45")) && !bytes.Contains(a, []byte{0x80, ' ', '4', '5'}) {
		t.Error("the euro sign was not translated to code page 1252")
	}
}

// TestMailsDoNotRunKindAndTitleTogether: "uw bezwaar Bezwaar maken" read as one broken phrase.
func TestMailsDoNotRunKindAndTitleTogether(t *testing.T) {
	p, _ := Preset(ProcedureObjection)
	r := Request{Reference: "VB-2026-000001", Kind: KindObjection, ProductTitle: "Bezwaar maken", Procedure: p, Hearing: day("2026-07-08"),
		HearingInfo: &Hearing{Start: at("2026-07-08"), Place: "Stadhuis"}}
	for _, m := range []Mail{UpdateMail(r, Event{Text: "x"}), HearingMail(r, ""), UrgentMail(r, Deadline{}, "https://x")} {
		if strings.Contains(m.Body, "bezwaar Bezwaar maken") {
			t.Errorf("%q: %s", m.Subject, m.Body)
		}
	}
}
