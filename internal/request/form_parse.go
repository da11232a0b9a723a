package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Problem is one thing wrong with a form definition, with where it is ("stap 2, veld datum").
type Problem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
}

// DefinitionError lists everything wrong with a form definition, so an editor can fix it in one go.
type DefinitionError struct{ Problems []Problem }

// Error lists every problem on one line.
func (e *DefinitionError) Error() string {
	var b strings.Builder
	b.WriteString("request: invalid form definition:")
	for _, p := range e.Problems {
		fmt.Fprintf(&b, " %s: %s;", p.Where, p.Message)
	}
	return b.String()
}

// UploadTypes are the content types a file field may allow, as http.DetectContentType names them.
var UploadTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain; charset=utf-8"}

const maxFormBytes = 256 << 10

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// ParseForm reads a form definition in JSON and checks it: unknown keys, field types, names, options,
// conditions and limits. The error is a *DefinitionError naming every problem.
func ParseForm(data []byte) (Form, error) {
	var f Form
	if len(data) > maxFormBytes {
		return f, &DefinitionError{[]Problem{{"formulier", "De definitie is groter dan 256 kB."}}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, &DefinitionError{[]Problem{{"formulier", jsonProblem(err)}}}
	}
	if dec.More() {
		return f, &DefinitionError{[]Problem{{"formulier", "Na het formulier staat nog meer tekst."}}}
	}
	if ps := f.Check(); len(ps) > 0 {
		return f, &DefinitionError{ps}
	}
	return f, nil
}

func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("Dit is geen geldige JSON (bij teken %d): %v.", syn.Offset, err)
	case errors.As(err, &typ):
		return fmt.Sprintf("%q heeft de verkeerde soort waarde: verwacht %s.", typ.Field, typ.Type)
	case strings.Contains(err.Error(), "unknown field"):
		return "Onbekende sleutel: " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	}
	return "Dit is geen geldige JSON: " + err.Error() + "."
}

// Check lists the problems of a decoded form definition.
func (f Form) Check() []Problem {
	var ps []Problem
	add := func(where, msg string) { ps = append(ps, Problem{where, msg}) }
	if f.Kind != KindApplication && f.Kind != KindObjection {
		add("kind", `Kies "aanvraag" of "bezwaar".`)
	}
	if len(f.Procedure) > 40 {
		add("procedure", "De naam van de procedure is te lang.")
	}
	if strings.TrimSpace(f.Title) == "" {
		add("title", "Geef het formulier een titel.")
	}
	if len(f.Steps) == 0 || len(f.Steps) > 10 {
		add("steps", "Een formulier heeft 1 tot 10 stappen.")
	}
	seen := map[string]int{}
	for i, s := range f.Steps {
		where := fmt.Sprintf("stap %d", i+1)
		if strings.TrimSpace(s.Title) == "" {
			add(where, "Geef de stap een titel.")
		}
		if len(s.Fields) == 0 {
			add(where, "Een stap heeft minstens 1 veld.")
		}
		for _, fl := range s.Fields {
			fw := fmt.Sprintf("%s, veld %q", where, fl.Name)
			if _, dup := seen[fl.Name]; dup {
				add(fw, "Deze naam komt twee keer voor. Elke veldnaam moet anders zijn.")
			}
			seen[fl.Name] = i
			for _, msg := range fl.check() {
				add(fw, msg)
			}
		}
	}
	for i, s := range f.Steps {
		for _, fl := range s.Fields {
			if fl.ShowIf == nil {
				continue
			}
			fw := fmt.Sprintf("stap %d, veld %q", i+1, fl.Name)
			step, ok := seen[fl.ShowIf.Field]
			cond, _ := f.Field(fl.ShowIf.Field)
			switch {
			case !ok:
				add(fw, fmt.Sprintf("show_if noemt veld %q, maar dat bestaat niet.", fl.ShowIf.Field))
			case step > i:
				add(fw, fmt.Sprintf("show_if noemt veld %q uit een latere stap. Gebruik een veld van deze of een eerdere stap.", fl.ShowIf.Field))
			case cond.Name == fl.Name:
				add(fw, "Een veld kan niet van zichzelf afhangen.")
			case cond.Type == TypeCheckbox && fl.ShowIf.Value != "ja":
				add(fw, `Bij een vinkje is de waarde van show_if "ja".`)
			case cond.Type == TypeChoice && !slices.ContainsFunc(cond.Options, func(o Option) bool { return o.Value == fl.ShowIf.Value }):
				add(fw, fmt.Sprintf("show_if: %q is geen keuze van veld %q.", fl.ShowIf.Value, cond.Name))
			}
		}
	}
	return ps
}

func (fl Field) check() []string {
	var msgs []string
	add := func(m string) { msgs = append(msgs, m) }
	if !fieldName.MatchString(fl.Name) {
		add("De naam heeft alleen kleine letters, cijfers en _ en begint met een letter (maximaal 40 tekens).")
	}
	if strings.TrimSpace(fl.Label) == "" {
		add("Geef het veld een label: de vraag die de inwoner ziet.")
	}
	if !slices.Contains(FieldTypes, fl.Type) {
		add(fmt.Sprintf("Onbekend type %q. Kies uit: %s.", fl.Type, strings.Join(FieldTypes, ", ")))
	}
	if fl.Type == TypeChoice && len(fl.Options) < 2 {
		add("Een keuzeveld heeft minstens 2 opties.")
	}
	if fl.Type != TypeChoice && len(fl.Options) > 0 {
		add("Alleen een keuzeveld heeft opties.")
	}
	values := map[string]bool{}
	for _, o := range fl.Options {
		if strings.TrimSpace(o.Value) == "" || strings.TrimSpace(o.Label) == "" || values[o.Value] {
			add("Elke optie heeft een eigen waarde en een label.")
			break
		}
		values[o.Value] = true
	}
	if fl.Min != nil && fl.Max != nil && *fl.Min > *fl.Max {
		add("min is groter dan max.")
	}
	if fl.MaxLength < 0 || fl.MaxLength > 20000 {
		add("max_length ligt tussen 0 en 20000.")
	}
	if fl.Dates != "" && (fl.Type != TypeDate || (fl.Dates != "past" && fl.Dates != "future")) {
		add(`dates is "past" of "future" en hoort bij een datumveld.`)
	}
	if fl.Type == TypeFile {
		if len(fl.Accept) == 0 {
			add("Noem bij accept welke soorten bestanden mogen, bijvoorbeeld application/pdf.")
		}
		for _, a := range fl.Accept {
			if !slices.Contains(UploadTypes, a) {
				add(fmt.Sprintf("Bestandssoort %q kan niet. Kies uit: %s.", a, strings.Join(UploadTypes, ", ")))
			}
		}
		if fl.MaxSizeKB < 0 || fl.MaxSizeKB > 20<<10 {
			add("max_size_kb ligt tussen 1 en 20480 (20 MB).")
		}
	} else if len(fl.Accept) > 0 || fl.MaxSizeKB != 0 {
		add("accept en max_size_kb horen bij een bestandsveld.")
	}
	switch fl.Purpose {
	case "", PurposeName:
	case PurposeEmail:
		if fl.Type != TypeEmail {
			add(`purpose "email" hoort bij een veld van type email.`)
		}
	case PurposeDecisionDate, PurposeRelatedDate:
		if fl.Type != TypeDate {
			add(fmt.Sprintf("purpose %q hoort bij een datumveld.", fl.Purpose))
		}
	default:
		add(fmt.Sprintf("Onbekend doel %q. Kies uit: name, email, decision_date, related_date.", fl.Purpose))
	}
	return msgs
}

// ParseForms reads a JSON list of form definitions, as the demo bundles them, and checks every one.
func ParseForms(data []byte) ([]Form, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("request: form list: %w", err)
	}
	forms := make([]Form, 0, len(raw))
	for i, r := range raw {
		f, err := ParseForm(r)
		if err != nil {
			return nil, fmt.Errorf("form %d (%s): %w", i+1, f.Product, err)
		}
		forms = append(forms, f)
	}
	return forms, nil
}
