package contact

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the contact form and the API.
const (
	MaxNameRunes    = 200
	MaxSubjectRunes = 200
	MaxMessageRunes = 10000
)

// Question is what a resident sends through the contact form or POST /api/v1/contact.
type Question struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Subject string `json:"subject"`
	Message string `json:"message"`
	// Owner is the logged-in person who asks (identity's keyed owner hash, never from the request body),
	// so the question is in their Mijn loket from the commit that stores it; "" for nobody.
	Owner string `json:"-"`
}

// Normalize trims the fields.
func (q Question) Normalize() Question {
	q.Name = oneLine(q.Name)
	q.Email = oneLine(q.Email)
	q.Subject = oneLine(q.Subject)
	q.Message = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, strings.ReplaceAll(q.Message, "\r\n", "\n")))
	return q
}

// oneLine makes a field one line of text: control characters (CR, LF, NUL, escape, ...) become spaces,
// so a subject cannot start a header or a terminal sequence where it is shown or mailed.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

// Validate returns a Dutch message per field that is not right (keys name, email, subject, message); an
// empty map means the question can be stored.
func (q Question) Validate() map[string]string {
	errs := map[string]string{}
	check := func(field, value string, max int, missing, tooLong string) {
		switch {
		case value == "":
			errs[field] = missing
		case !utf8.ValidString(value):
			errs[field] = "Deze tekst bevat tekens die we niet kunnen lezen."
		case utf8.RuneCountInString(value) > max:
			errs[field] = tooLong
		}
	}
	check("name", q.Name, MaxNameRunes, "Vul uw naam in.", "Uw naam is te lang. Gebruik maximaal 200 tekens.")
	check("subject", q.Subject, MaxSubjectRunes, "Vul een onderwerp in.", "Het onderwerp is te lang. Gebruik maximaal 200 tekens.")
	check("message", q.Message, MaxMessageRunes, "Vul uw vraag in.", "Uw vraag is te lang. Gebruik maximaal 10.000 tekens.")
	if _, ok := errs["name"]; !ok && strings.ContainsAny(q.Name, "\r\n<>\"") {
		errs["name"] = "Gebruik in uw naam geen tekens als < > of \"."
	}
	if q.Email == "" {
		errs["email"] = "Vul uw e-mailadres in. Daar sturen we het antwoord naartoe."
	} else if !ValidEmail(q.Email) {
		errs["email"] = "Dit e-mailadres klopt niet. Schrijf het zo: naam@voorbeeld.nl."
	}
	return errs
}

// ValidEmail reports whether s is one plain e-mail address with a domain that has a dot.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \r\n<>,;\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// Inbound turns a validated question from the form or API into an intake message.
func (q Question) Inbound() Inbound {
	return Inbound{Channel: ChannelForm, Name: q.Name, Email: strings.ToLower(q.Email), Subject: q.Subject, Text: q.Message, Owner: q.Owner}
}
