package request

import (
	"strings"
	"testing"
)

func ptr(f float64) *float64 { return &f }

func TestFieldValidation(t *testing.T) {
	today := at("2026-06-10")
	for _, tc := range []struct {
		field     Field
		in, clean string
		wantErr   string // part of the message; "" means valid
	}{
		{Field{Label: "Naam", Type: TypeText, Required: true}, "  Anna  ", "Anna", ""},
		{Field{Label: "Naam", Type: TypeText, Required: true}, "   ", "", "Vul naam in."},
		// A question as label is not pasted into a sentence ("Vul hoeveel bezoekers … per dag? in.").
		{Field{Label: "Hoeveel bezoekers verwacht u per dag?", Type: TypeNumber, Required: true}, "", "",
			"Geef antwoord op de vraag ‘Hoeveel bezoekers verwacht u per dag?’."},
		{Field{Label: "Naam", Type: TypeText, MaxLength: 5}, "abcdef", "abcdef", "maximaal 5 tekens"},
		{Field{Label: "Uitleg", Type: TypeTextarea}, strings.Repeat("é", 5000), strings.Repeat("é", 5000), ""},
		{Field{Label: "Uitleg", Type: TypeTextarea}, strings.Repeat("é", 5001), strings.Repeat("é", 5001), "maximaal 5000"},
		{Field{Label: "Aantal", Type: TypeNumber, Min: ptr(1), Max: ptr(10)}, "2,5", "2,5", ""},
		{Field{Label: "Aantal", Type: TypeNumber, Min: ptr(1), Max: ptr(10)}, "0", "0", "1 of meer"},
		{Field{Label: "Aantal", Type: TypeNumber, Max: ptr(10)}, "11", "11", "10 of minder"},
		{Field{Label: "Aantal", Type: TypeNumber}, "twee", "twee", "Vul een getal in"},
		{Field{Label: "Datum", Type: TypeDate}, "13-07-2026", "2026-07-13", ""},
		{Field{Label: "Datum", Type: TypeDate}, "2026-02-30", "2026-02-30", "dag-maand-jaar"},
		{Field{Label: "Datum", Type: TypeDate, Dates: "past"}, "2026-06-11", "2026-06-11", "in de toekomst"},
		{Field{Label: "Datum", Type: TypeDate, Dates: "future"}, "2026-06-09", "2026-06-09", "al voorbij"},
		{Field{Label: "Datum", Type: TypeDate, Dates: "future"}, "2026-06-10", "2026-06-10", ""},
		{Field{Label: "Soort", Type: TypeChoice, Options: []Option{{"a", "A"}, {"b", "B"}}}, "b", "b", ""},
		{Field{Label: "Soort", Type: TypeChoice, Options: []Option{{"a", "A"}, {"b", "B"}}}, "c", "c", "Kies een van"},
		{Field{Label: "Soort", Type: TypeChoice, Required: true, Options: []Option{{"a", "A"}, {"b", "B"}}}, "", "", "Kies een antwoord"},
		{Field{Label: "Akkoord", Type: TypeCheckbox, Required: true}, "", "", "Vink dit vakje aan"},
		{Field{Label: "Akkoord", Type: TypeCheckbox}, "ja", "ja", ""},
		{Field{Label: "Akkoord", Type: TypeCheckbox}, "on", "", "Vink het vakje aan of laat het leeg"},
		{Field{Label: "E-mail", Type: TypeEmail}, "naam@voorbeeld.nl", "naam@voorbeeld.nl", ""},
		{Field{Label: "E-mail", Type: TypeEmail}, "Naam <naam@voorbeeld.nl>", "Naam <naam@voorbeeld.nl>", "naam@voorbeeld.nl"},
		{Field{Label: "E-mail", Type: TypeEmail}, "naam@localhost", "naam@localhost", "naam@voorbeeld.nl"},
		{Field{Label: "Telefoon", Type: TypePhone}, "06 1234 5678", "06 1234 5678", ""},
		{Field{Label: "Telefoon", Type: TypePhone}, "+31 20 123 4567", "+31 20 123 4567", ""},
		{Field{Label: "Telefoon", Type: TypePhone}, "12345", "12345", "10 cijfers"},
		{Field{Label: "Adres", Type: TypeAddress}, "1234ab 5", "1234 AB 5", ""},
		{Field{Label: "Adres", Type: TypeAddress}, "1234 AB, 12-a", "1234 AB 12-A", ""},
		{Field{Label: "Adres", Type: TypeAddress}, "0123 AB 5", "0123 AB 5", "4 cijfers en 2 letters"},
		{Field{Label: "Adres", Type: TypeAddress}, "1234 SS 5", "1234 SS 5", "4 cijfers en 2 letters"},
		{Field{Label: "Adres", Type: TypeAddress}, "1234 AB", "1234 AB", "huisnummer"},
		{Field{Label: "Adres", Type: TypeAddress, Required: true}, "", "", "postcode en huisnummer"},
		{Field{Label: "Bestand", Type: TypeFile}, "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", ""},
		{Field{Label: "Bestand", Type: TypeFile}, "../../etc/passwd", "", "opnieuw"},
		{Field{Label: "Naam", Type: TypeText}, "a\x00b", "", "tekens"},
	} {
		clean, msg := tc.field.Validate(tc.in, today)
		if (tc.wantErr == "") != (msg == "") || !strings.Contains(msg, tc.wantErr) {
			t.Errorf("%s %q: message %q, want %q", tc.field.Type, tc.in, msg, tc.wantErr)
		}
		if clean != tc.clean {
			t.Errorf("%s %q: cleaned to %q, want %q", tc.field.Type, tc.in, clean, tc.clean)
		}
	}
}

func TestConditionalFieldsAndSteps(t *testing.T) {
	f := Form{Kind: KindApplication, Title: "T", Steps: []Step{
		{Title: "Een", Fields: []Field{
			{Name: "muziek", Label: "Muziek", Type: TypeCheckbox},
			{Name: "tijden", Label: "Tijden", Type: TypeText, Required: true, ShowIf: &Condition{"muziek", "ja"}}}},
		{Title: "Twee", Fields: []Field{{Name: "naam", Label: "Naam", Type: TypeText, Required: true}}},
	}}
	if _, errs := f.ValidateStep(0, Values{}, at("2026-06-10")); len(errs) != 0 {
		t.Errorf("hidden required field was demanded: %v", errs)
	}
	_, errs := f.ValidateStep(0, Values{"muziek": "ja"}, at("2026-06-10"))
	if errs["tijden"] == "" {
		t.Error("shown required field was not demanded")
	}
	_, errs = f.Validate(Values{"muziek": "ja"}, at("2026-06-10"))
	if len(errs) != 2 || f.FirstStepWithError(errs) != 0 {
		t.Errorf("whole form: %v, first step %d", errs, f.FirstStepWithError(errs))
	}
}

func TestUploadChecksTheContentNotTheName(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n")
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, tc := range []struct {
		head    []byte
		size    int64
		accept  []string
		want    string
		wantErr string
	}{
		{pdf, 1000, []string{"application/pdf"}, "application/pdf", ""},
		{png, 1000, []string{"application/pdf", "image/png"}, "image/png", ""},
		{exe, 1000, []string{"application/pdf"}, "", "U kunt sturen: PDF"},
		{png, 1000, []string{"application/pdf"}, "", "U kunt sturen: PDF"},
		{pdf, 2 << 20, []string{"application/pdf"}, "", "te groot"},
		{nil, 0, []string{"application/pdf"}, "", "leeg"},
	} {
		ct, msg := CheckUpload(tc.accept, 1<<20, tc.head, tc.size)
		if ct != tc.want || !strings.Contains(msg, tc.wantErr) || (tc.wantErr == "") != (msg == "") {
			t.Errorf("%q: %q %q, want %q %q", tc.head, ct, msg, tc.want, tc.wantErr)
		}
	}
	for in, want := range map[string]string{"../../etc/passwd": "passwd", `C:\Users\a\scan.pdf`: "scan.pdf", "": "bestand",
		"a\x00b\"c.pdf": "abc.pdf", "..": "..", "/": "bestand"} {
		if got := CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReferenceAndTokens(t *testing.T) {
	if got := FormatReference(2026, 123); got != "VB-2026-000123" || !ValidReference(got) {
		t.Fatalf("reference %q", got)
	}
	for _, bad := range []string{"VB-2026-123", "XX-2026-000123", "VB-2026-000123 ", "vb-2026-000123"} {
		if ValidReference(bad) {
			t.Errorf("%q passed as a reference", bad)
		}
	}
	a, b := NewToken(), NewToken()
	if a == b || !ValidToken(a) || len(a) != 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if id := NewFileID(); !ValidFileID(id) || id == NewFileID() {
		t.Fatalf("file id %q", id)
	}
}
