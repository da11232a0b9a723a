package render

import "strings"

// SecretField is a form field for a secret: never filled in, only whether it is set.
type SecretField struct {
	Name, Label, Secret, Error string
	IsSet                      bool
}

// secretField builds a SecretField in a template: secret "name" "Label" "secret.name" $set $errors.
func secretField(name, label, secret string, set map[string]bool, errs map[string]string) SecretField {
	return SecretField{Name: name, Label: label, Secret: secret, IsSet: set[secret], Error: errs[name]}
}

// ChoiceField is a select with its options.
type ChoiceField struct {
	Name, Label, Error string
	Options            []ChoiceOption
}

// ChoiceOption is one option of a ChoiceField.
type ChoiceOption struct {
	Value, Label string
	Selected     bool
}

// choiceField builds a ChoiceField: choice "name" "Label" .Value "value=Label|value=Label" $errors. The
// first option is selected when value is none of them.
func choiceField(name, label, value, options string, errs map[string]string) ChoiceField {
	f := ChoiceField{Name: name, Label: label, Error: errs[name]}
	found := false
	for _, o := range strings.Split(options, "|") {
		v, l, _ := strings.Cut(o, "=")
		f.Options = append(f.Options, ChoiceOption{Value: v, Label: l, Selected: v == value})
		found = found || v == value
	}
	if !found && len(f.Options) > 0 {
		f.Options[0].Selected = true
	}
	return f
}
