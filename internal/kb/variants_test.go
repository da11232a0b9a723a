package kb

import (
	"errors"
	"strings"
	"testing"
)

func TestImportQuestionsAndEnglish(t *testing.T) {
	ok := `[{"id":"paspoort","type":"product","title":"Paspoort","theme":"Reizen","summary":"Vraag aan.","body":"Tekst.",
		"questions":["Mijn paspoort is verlopen, wat nu?","Hoe lang duurt een nieuw paspoort?"],
		"english":{"title":"Passport","summary":"Apply at the town hall.","body":"Text."}}]`
	articles, err := ParseImport(strings.NewReader(ok))
	if err != nil {
		t.Fatal(err)
	}
	a := articles[0]
	if len(a.Questions) != 2 || a.Questions[1] != "Hoe lang duurt een nieuw paspoort?" {
		t.Errorf("questions = %q", a.Questions)
	}
	if a.English == nil || a.English.Title != "Passport" || a.English.Summary != "Apply at the town hall." {
		t.Errorf("english = %+v", a.English)
	}
	var out strings.Builder
	if err := WriteExport(&out, articles); err != nil {
		t.Fatal(err)
	}
	again, err := ParseImport(strings.NewReader(out.String()))
	if err != nil || len(again[0].Questions) != 2 || again[0].English == nil || again[0].English.Body != "Text." {
		t.Errorf("export does not round-trip: %v %+v", err, again)
	}

	base := `{"id":"a","type":"vac","title":"T","theme":"X","summary":"S","body":"B","owner":"Team Online","review_by":"2027-06-30",`
	for _, tc := range []struct{ name, item, field string }{
		{"empty question", `"questions":["  "]}`, "questions"},
		{"question too long", `"questions":["` + strings.Repeat("x", 201) + `"]}`, "questions"},
		{"question twice", `"questions":["Hoe?","hoe?"]}`, "questions"},
		{"too many questions", `"questions":["q` + strings.Repeat(`","q`, 30) + `"]}`, "questions"},
		{"english without title", `"english":{"summary":"S"}}`, "english.title"},
		{"english without summary", `"english":{"title":"T"}}`, "english.summary"},
		{"unknown english field", `"english":{"title":"T","summary":"S","intro":"x"}}`, "intro"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A wrong type or an unknown field is refused when reading; the rules when saving.
			articles, err := ParseImport(strings.NewReader("[" + base + tc.item + "]"))
			if err == nil {
				err = Validate(articles[0], nil)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.For(tc.field) == "" {
				t.Fatalf("err = %v, want a validation error on %q", err, tc.field)
			}
		})
	}
}
