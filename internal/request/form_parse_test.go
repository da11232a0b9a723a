package request_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"loket/internal/demo"
	"loket/internal/request"
)

func TestParseFormNamesEveryProblem(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		want       []string // parts of problem messages
	}{
		{"not JSON", `{"kind": `, []string{"geen geldige JSON"}},
		{"unknown key", `{"kind":"aanvraag","title":"T","stepz":[]}`, []string{"Onbekende sleutel"}},
		{"wrong value type", `{"kind":"aanvraag","title":"T","steps":"een"}`, []string{"verkeerde soort waarde"}},
		{"empty form", `{"kind":"iets","title":"","steps":[]}`, []string{`Kies "aanvraag" of "bezwaar"`, "titel", "1 tot 10 stappen"}},
		{"bad fields", `{"kind":"aanvraag","title":"T","steps":[{"title":"S","fields":[
			{"name":"Naam","label":"","type":"tekst"},
			{"name":"a","label":"A","type":"choice","options":[{"value":"x","label":"X"}]},
			{"name":"a","label":"A2","type":"file"},
			{"name":"b","label":"B","type":"text","show_if":{"field":"zz","value":"ja"}},
			{"name":"c","label":"C","type":"file","accept":["application/x-msdownload"]},
			{"name":"d","label":"D","type":"text","purpose":"related_date"}]}]}`,
			[]string{"kleine letters", "label", `Onbekend type "tekst"`, "minstens 2 opties", "twee keer", "accept", `veld "zz"`,
				"application/x-msdownload", "hoort bij een datumveld"}},
		{"condition on a later step", `{"kind":"aanvraag","title":"T","steps":[
			{"title":"S1","fields":[{"name":"a","label":"A","type":"text","show_if":{"field":"b","value":"ja"}}]},
			{"title":"S2","fields":[{"name":"b","label":"B","type":"checkbox"}]}]}`, []string{"latere stap"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := request.ParseForm([]byte(tc.json))
			var def *request.DefinitionError
			if !errors.As(err, &def) {
				t.Fatalf("error %v, want a DefinitionError", err)
			}
			all := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems %q do not mention %q", all, w)
				}
			}
		})
	}
}

// TestDemoForms checks the bundled forms: valid, at least ten, the products the issue names, each for a
// demo product that exists.
func TestDemoForms(t *testing.T) {
	forms, err := demo.RequestForms()
	if err != nil {
		t.Fatal(err)
	}
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	products := map[string]bool{}
	for _, a := range articles {
		products[a.ID] = a.Type == "product"
	}
	seen := map[string]bool{}
	for _, f := range forms {
		if !products[f.Product] {
			t.Errorf("form for %q, which is not a demo product", f.Product)
		}
		if _, ok := f.FieldWithPurpose(request.PurposeEmail); !ok {
			t.Errorf("form %s has no e-mail field for the confirmation", f.Product)
		}
		seen[f.Product] = true
	}
	for _, id := range []string{"evenementenvergunning", "grofvuil", "kapvergunning", "bezwaar-maken"} {
		if !seen[id] {
			t.Errorf("no demo form for %s", id)
		}
	}
	if len(forms) < 10 {
		t.Errorf("%d demo forms, want at least 10", len(forms))
	}
}

// FuzzParseForm feeds the form editor's parser arbitrary input: it must never panic, and what it
// accepts must validate any answers without panicking.
func FuzzParseForm(f *testing.F) {
	f.Add(demo.Forms[1 : len(demo.Forms)-1])
	f.Add([]byte(`{"kind":"aanvraag","title":"T","steps":[{"title":"S","fields":[{"name":"a","label":"A","type":"address","show_if":{"field":"a","value":"x"}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := request.ParseForm(data)
		if err != nil {
			return
		}
		v := request.Values{}
		for _, fl := range form.Fields() {
			v[fl.Name] = string(data[:min(len(data), 20)])
		}
		form.Validate(v, time.Now())
	})
}

// FuzzFieldValidate feeds every field type arbitrary answers, as a resident or the API might send them.
func FuzzFieldValidate(f *testing.F) {
	for _, s := range []string{"1234 AB 5", "13-07-2026", "2,5", "naam@voorbeeld.nl", "+31 6 1234 5678", "ja", "\x00", "9999 ZZ 99999-ABCD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, typ := range request.FieldTypes {
			fl := request.Field{Name: "x", Label: "X", Type: typ, Options: []request.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}
			clean, msg := fl.Validate(in, time.Now())
			if msg == "" && clean != "" {
				// A cleaned answer is stable: validating it again keeps it.
				if again, msg2 := fl.Validate(clean, time.Now()); msg2 != "" || again != clean {
					t.Fatalf("%s: %q cleaned to %q, which validates to %q %q", typ, in, clean, again, msg2)
				}
			}
		}
	})
}
