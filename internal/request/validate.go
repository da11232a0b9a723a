package request

import (
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldErrors are messages for the requester by field name, in Dutch.
type FieldErrors map[string]string

const (
	defaultTextLength     = 200
	defaultTextareaLength = 5000
)

// ValidateStep checks the answers of one step (0-based) and returns them cleaned (trimmed, postcode
// written the standard way) with a message per wrong field. Fields that do not apply are dropped.
func (f Form) ValidateStep(step int, v Values, today time.Time) (Values, FieldErrors) {
	clean, errs := Values{}, FieldErrors{}
	if step < 0 || step >= len(f.Steps) {
		return clean, errs
	}
	for _, fl := range f.Steps[step].Fields {
		if !f.Active(fl, v) {
			continue
		}
		val, msg := fl.Validate(v[fl.Name], today)
		if msg != "" {
			errs[fl.Name] = msg
		}
		if val != "" || msg != "" {
			clean[fl.Name] = val
		}
	}
	return clean, errs
}

// Validate checks every step, as before sending.
func (f Form) Validate(v Values, today time.Time) (Values, FieldErrors) {
	clean, errs := Values{}, FieldErrors{}
	for i := range f.Steps {
		c, e := f.ValidateStep(i, v, today)
		for k, x := range c {
			clean[k] = x
		}
		for k, x := range e {
			errs[k] = x
		}
	}
	return clean, errs
}

// FirstStepWithError is the step a requester is sent back to, or -1.
func (f Form) FirstStepWithError(errs FieldErrors) int {
	for i, s := range f.Steps {
		for _, fl := range s.Fields {
			if _, bad := errs[fl.Name]; bad {
				return i
			}
		}
	}
	return -1
}

var (
	postcodeRe    = regexp.MustCompile(`^([1-9][0-9]{3}) ?([A-Z]{2})$`)
	houseNumberRe = regexp.MustCompile(`^[1-9][0-9]{0,4}(?:[ -]?[A-Z0-9]{1,4})?$`)
	phoneRe       = regexp.MustCompile(`^\+?[0-9 ()-]{10,20}$`)
)

// Validate checks one answer and returns it cleaned, or a message saying what is wrong.
func (fl Field) Validate(raw string, today time.Time) (string, string) {
	v := strings.TrimSpace(raw)
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return "", "Dit veld bevat tekens die we niet kunnen lezen."
	}
	if v == "" || (fl.Type == TypeCheckbox && v != "ja") {
		if fl.Type == TypeCheckbox && v != "" {
			return "", "Vink het vakje aan of laat het leeg."
		}
		if fl.Required {
			return "", fl.requiredMessage()
		}
		return "", ""
	}
	switch fl.Type {
	case TypeText, TypeTextarea:
		return v, fl.checkLength(v)
	case TypeNumber:
		return validateNumber(fl, v)
	case TypeDate:
		return validateDate(fl, v, today)
	case TypeChoice:
		for _, o := range fl.Options {
			if o.Value == v {
				return v, ""
			}
		}
		return v, "Kies een van de mogelijkheden."
	case TypeEmail:
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v || len(v) > 254 || !strings.Contains(v[strings.LastIndex(v, "@"):], ".") {
			return v, "Vul een e-mailadres in zoals naam@voorbeeld.nl."
		}
		return v, ""
	case TypePhone:
		digits := len(strings.Map(digitsOnly, v))
		if !phoneRe.MatchString(v) || digits < 10 || digits > 15 {
			return v, "Vul een telefoonnummer in van 10 cijfers, zoals 0612345678 of 020 123 45 67."
		}
		return v, ""
	case TypeAddress:
		return validateAddress(v)
	case TypeFile:
		if !validFileID(v) {
			return "", "Het bestand is niet goed ontvangen. Kies het bestand opnieuw."
		}
		return v, ""
	}
	return v, ""
}

func digitsOnly(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

func (fl Field) requiredMessage() string {
	switch fl.Type {
	case TypeChoice:
		return "Kies een antwoord bij ‘" + strings.TrimSpace(fl.Label) + "’."
	case TypeCheckbox:
		return "Vink dit vakje aan om verder te gaan."
	case TypeFile:
		return "Voeg een bestand toe."
	case TypeAddress:
		return "Vul uw postcode en huisnummer in."
	}
	if strings.HasSuffix(strings.TrimSpace(fl.Label), "?") {
		return "Geef antwoord op de vraag ‘" + strings.TrimSpace(fl.Label) + "’."
	}
	return "Vul " + lowerFirst(fl.Label) + " in."
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || strings.ToUpper(s) == s {
		return s
	}
	return strings.ToLower(string(r)) + s[n:]
}

func (fl Field) checkLength(v string) string {
	limit := fl.MaxLength
	if limit == 0 {
		limit = defaultTextLength
		if fl.Type == TypeTextarea {
			limit = defaultTextareaLength
		}
	}
	if n := utf8.RuneCountInString(v); n > limit {
		return fmt.Sprintf("Gebruik maximaal %d tekens. U hebt er nu %d.", limit, n)
	}
	return ""
}

func validateNumber(fl Field, v string) (string, string) {
	n, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || len(v) > 20 {
		return v, "Vul een getal in, bijvoorbeeld 12 of 2,5."
	}
	switch {
	case fl.Min != nil && n < *fl.Min:
		return v, "Vul een getal in van " + formatNumber(*fl.Min) + " of meer."
	case fl.Max != nil && n > *fl.Max:
		return v, "Vul een getal in van " + formatNumber(*fl.Max) + " of minder."
	}
	return v, ""
}

func formatNumber(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}

func validateDate(fl Field, v string, today time.Time) (string, string) {
	d, err := ParseDate(v)
	if err != nil {
		return v, "Vul een datum in als dag-maand-jaar, bijvoorbeeld 13-07-2026."
	}
	t := civilDate(today)
	switch {
	case fl.Dates == "past" && d.After(t):
		return v, "Deze datum ligt in de toekomst. Vul een datum in van vandaag of eerder."
	case fl.Dates == "future" && d.Before(t):
		return v, "Deze datum is al voorbij. Vul een datum in van vandaag of later."
	}
	return d.Format(time.DateOnly), ""
}

// ParseDate reads a date as a browser date field sends it (2026-07-13) or as people type it (13-07-2026).
func ParseDate(v string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "2-1-2006", "2/1/2006", "2.1.2006"} {
		if d, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			if d.Year() < 1900 || d.Year() > 2200 {
				return time.Time{}, fmt.Errorf("year %d out of range", d.Year())
			}
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", v)
}

// validateAddress reads "1234AB 5a" (or "1234 AB, 5-a") and writes it as "1234 AB 5A".
func validateAddress(v string) (string, string) {
	v = strings.ToUpper(strings.Join(strings.Fields(strings.ReplaceAll(v, ",", " ")), " "))
	pc, nr := splitAddress(v)
	m := postcodeRe.FindStringSubmatch(pc)
	switch {
	case m == nil || m[2] == "SA" || m[2] == "SD" || m[2] == "SS":
		return v, "Vul een postcode in van 4 cijfers en 2 letters, bijvoorbeeld 1234 AB."
	case !houseNumberRe.MatchString(nr):
		return v, "Vul een huisnummer in, bijvoorbeeld 12 of 12A."
	}
	return m[1] + " " + m[2] + " " + nr, ""
}

// SplitAddress splits an address answer into postcode and house number, for the two boxes of the form.
func SplitAddress(v string) (postcode, number string) {
	return splitAddress(strings.ToUpper(strings.TrimSpace(v)))
}

func splitAddress(v string) (string, string) {
	if len(v) >= 6 && !strings.Contains(v[:6], " ") {
		return v[:6], strings.TrimSpace(v[6:])
	}
	if len(v) >= 7 {
		return v[:7], strings.TrimSpace(v[7:])
	}
	return v, ""
}

func validFileID(v string) bool {
	if len(v) != 32 {
		return false
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
