package request

import "strings"

// Field types a form may use.
const (
	TypeText     = "text"
	TypeTextarea = "textarea"
	TypeNumber   = "number"
	TypeDate     = "date"
	TypeChoice   = "choice"
	TypeCheckbox = "checkbox"
	TypeEmail    = "email"
	TypePhone    = "phone"
	TypeAddress  = "address" // Dutch postcode + house number
	TypeFile     = "file"
)

// FieldTypes lists every field type, for the form editor.
var FieldTypes = []string{TypeText, TypeTextarea, TypeNumber, TypeDate, TypeChoice, TypeCheckbox, TypeEmail,
	TypePhone, TypeAddress, TypeFile}

// Purposes tell loket what a field means beyond its answer.
const (
	PurposeName         = "name"          // the requester's name
	PurposeEmail        = "email"         // where confirmations and messages go
	PurposeDecisionDate = "decision_date" // objection: the day the contested decision was sent
	PurposeRelatedDate  = "related_date"  // an event or the start of works the decision must come before
)

// Kinds of request.
const (
	KindApplication = "aanvraag"
	KindObjection   = "bezwaar"
)

// Form is the request form of one product: several steps of fields, shown one step at a time and then
// summarised before sending.
type Form struct {
	Product string `json:"product"`
	Kind    string `json:"kind"` // aanvraag or bezwaar
	// Procedure names the legal procedure (a preset such as "woo" or a by-law procedure); empty picks
	// one from the kind, see ProcedureFor. Committee: objections and complaints go to an advisory
	// committee, which lengthens the term (Awb 7:10, 9:11).
	Procedure string `json:"procedure,omitempty"`
	Committee bool   `json:"committee,omitempty"`
	Title     string `json:"title"`
	Intro     string `json:"intro,omitempty"`
	Steps     []Step `json:"steps"`
}

// Step is one page of a form.
type Step struct {
	Title  string  `json:"title"`
	Fields []Field `json:"fields"`
}

// Field is one question of a form.
type Field struct {
	Name      string     `json:"name"`
	Label     string     `json:"label"`
	Type      string     `json:"type"`
	Help      string     `json:"help,omitempty"`
	Required  bool       `json:"required,omitempty"`
	Options   []Option   `json:"options,omitempty"`    // choice
	Min       *float64   `json:"min,omitempty"`        // number
	Max       *float64   `json:"max,omitempty"`        // number
	MaxLength int        `json:"max_length,omitempty"` // text, textarea
	Dates     string     `json:"dates,omitempty"`      // date: "past", "future" or "" for any
	Accept    []string   `json:"accept,omitempty"`     // file: allowed content types
	MaxSizeKB int        `json:"max_size_kb,omitempty"`
	Purpose   string     `json:"purpose,omitempty"`
	ShowIf    *Condition `json:"show_if,omitempty"`
}

// Option is one answer of a choice field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition shows a field only when another field has a given value (a checkbox that is ticked has "ja").
type Condition struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// Values are the answers of a requester by field name. A checkbox that is ticked is "ja"; an address is
// "1234 AB 5"; a file is the id of the uploaded file.
type Values map[string]string

// Fields lists every field of every step, in order.
func (f Form) Fields() []Field {
	var all []Field
	for _, s := range f.Steps {
		all = append(all, s.Fields...)
	}
	return all
}

// Field finds a field by name.
func (f Form) Field(name string) (Field, bool) {
	for _, s := range f.Steps {
		for _, fl := range s.Fields {
			if fl.Name == name {
				return fl, true
			}
		}
	}
	return Field{}, false
}

// Active reports whether a field applies given the answers so far: its condition, and its condition's
// condition, hold.
func (f Form) Active(fl Field, v Values) bool {
	for depth := 0; fl.ShowIf != nil && depth < 10; depth++ {
		if strings.TrimSpace(v[fl.ShowIf.Field]) != fl.ShowIf.Value {
			return false
		}
		next, ok := f.Field(fl.ShowIf.Field)
		if !ok {
			return false
		}
		fl = next
	}
	return true
}

// FieldWithPurpose returns the first field with the given purpose.
func (f Form) FieldWithPurpose(purpose string) (Field, bool) {
	for _, fl := range f.Fields() {
		if fl.Purpose == purpose {
			return fl, true
		}
	}
	return Field{}, false
}

// OptionLabel is the label of a choice value, or the value itself.
func (fl Field) OptionLabel(value string) string {
	for _, o := range fl.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// MaxBytes is the largest upload the field takes.
func (fl Field) MaxBytes() int64 {
	if fl.MaxSizeKB <= 0 {
		return DefaultMaxUploadKB << 10
	}
	return int64(fl.MaxSizeKB) << 10
}

// DefaultMaxUploadKB is the size limit of a file field that names none.
const DefaultMaxUploadKB = 10 << 10
