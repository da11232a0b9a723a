package kb

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/problem"
)

// Known values of the list fields.
var (
	KnownChannels  = []string{"online", "balie", "telefoon", "post", "email"}
	KnownAudiences = []string{"inwoner", "ondernemer"}
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// FieldOrder is the order of an article's fields in the editor; errors are listed in it.
var FieldOrder = []string{"id", "type", "state", "title", "theme", "upl", "audience", "summary", "body", "internal",
	"keywords", "questions", "cost", "lead_time", "channels", "deadline_days", "related", "owner", "review_by",
	"english.title", "english.summary", "english.body"}

// Limits of the question variants ("Zo vragen inwoners het").
const (
	MaxQuestions     = 30
	MaxQuestionBytes = 200
)

// FieldError is one field that is wrong, with a message in plain Dutch that is safe to show to the person
// who filled it in.
type FieldError struct {
	Field   string
	Message string
}

// ValidationError lists every field of one article that is wrong, in FieldOrder, so a form or an import
// can show all problems at once.
type ValidationError struct {
	Item   string // the article id, or "item N" in an import when the id itself is missing or wrong
	Fields []FieldError
}

// newValidationError returns the error for an item's wrong fields.
func newValidationError(item string, fields []FieldError) *ValidationError {
	sortFields(fields)
	return &ValidationError{Item: item, Fields: fields}
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Message
		if f.Field != "" {
			parts[i] = fmt.Sprintf("field %q: %s", f.Field, f.Message)
		}
	}
	if e.Item == "" {
		return strings.Join(parts, "; ")
	}
	return e.Item + ": " + strings.Join(parts, "; ")
}

// Unwrap makes the error a problem.Invalid with the message per field, loket's one error convention.
func (e *ValidationError) Unwrap() error {
	return &problem.Error{Kind: problem.Invalid, Message: "Niet alles is goed ingevuld.", Fields: e.Map()}
}

// For returns the message for one field, "" when that field is fine.
func (e *ValidationError) For(field string) string {
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// Map returns the messages by field name, for forms and the JSON API.
func (e *ValidationError) Map() map[string]string {
	m := make(map[string]string, len(e.Fields))
	for _, f := range e.Fields {
		m[f.Field] = f.Message
	}
	return m
}

// fieldError is a ValidationError for one field.
func fieldError(item, field, msg string) *ValidationError {
	return newValidationError(item, []FieldError{{field, msg}})
}

// Messages of the rules, in plain Dutch.
const (
	msgID           = "Gebruik 1 tot 100 kleine letters, cijfers of streepjes, bijvoorbeeld paspoort-aanvragen."
	msgType         = "Kies of dit een product of een vraag is."
	msgState        = "Kies concept of gepubliceerd."
	msgUPLUnknown   = "Deze naam staat niet in de Uniforme Productnamenlijst. Kies een naam uit de lijst."
	msgChannels     = "Kies alleen kanalen uit de lijst."
	msgAudience     = "Kies alleen doelgroepen uit de lijst."
	msgRelated      = "Vul id's van artikelen in, gescheiden door komma's, bijvoorbeeld paspoort, id-kaart."
	msgKeywords     = "Elk trefwoord moet tekst hebben en mag hoogstens 100 tekens zijn."
	msgDeadline     = "Vul een aantal dagen in van 0 tot en met 3650."
	msgOwner        = "Vul het team in dat dit artikel actueel houdt."
	msgOwnerLong    = "De naam van het team mag hoogstens 100 tekens zijn."
	msgReviewBy     = "Vul de datum in waarop het team het artikel weer moet controleren."
	msgReviewFormat = "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2027-05-31."
	msgBadText      = "De tekst bevat tekens die geen geldige tekst zijn (geen UTF-8)."
	msgQuestions    = "Zet hoogstens 30 vragen neer, elk met tekst en hoogstens 200 tekens, en elke vraag maar één keer."
)

// textRule is a free-text field: required or not, a maximum length and the message when it is wrong.
type textRule struct {
	field    string
	value    func(*Article) string
	required bool
	max      int
	message  string
}

var textRules = []textRule{
	{"title", func(a *Article) string { return a.Title }, true, 200, "Vul een titel in van hoogstens 200 tekens."},
	{"theme", func(a *Article) string { return a.Theme }, true, 100, "Vul een thema in van hoogstens 100 tekens."},
	{"upl", func(a *Article) string { return a.UPL }, false, 200, "De UPL-naam mag hoogstens 200 tekens zijn."},
	{"summary", func(a *Article) string { return a.Summary }, true, 1000, "Vul een korte samenvatting in van hoogstens 1000 tekens."},
	{"body", func(a *Article) string { return a.Body }, true, 100_000, "Vul de tekst in, hoogstens 100.000 tekens."},
	{"internal", func(a *Article) string { return a.Internal }, false, 20_000, "De interne notitie mag hoogstens 20.000 tekens zijn."},
	{"cost", func(a *Article) string { return a.Cost }, false, 500, "De kosten mogen hoogstens 500 tekens zijn."},
	{"lead_time", func(a *Article) string { return a.LeadTime }, false, 200, "De doorlooptijd mag hoogstens 200 tekens zijn."},
}

// Validate checks every rule of an article at once and returns nil or a *ValidationError that lists each
// wrong field with its message. stored is the article as it is saved now (nil for a new one): a UPL name
// that did not change is kept even when the national list no longer has it. The console, the API and the
// import all call it through the Service, so no surface can skip a rule.
func Validate(a Article, stored *Article) error {
	var errs []FieldError
	fail := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }
	if !idPattern.MatchString(a.ID) {
		fail("id", msgID)
	}
	if a.Type != TypeProduct && a.Type != TypeVAC {
		fail("type", msgType)
	}
	if a.State != "" && a.State != StateDraft && a.State != StatePublished {
		fail("state", msgState)
	}
	for _, r := range textRules {
		if msg := checkText(r.value(&a), r.required, r.max, r.message); msg != "" {
			fail(r.field, msg)
		}
	}
	if a.UPL != "" && !uplAllowed(a.UPL, stored) && !hasError(errs, "upl") {
		fail("upl", msgUPLUnknown)
	}
	if !allKnown(a.Audience, KnownAudiences) {
		fail("audience", msgAudience)
	}
	if slices.ContainsFunc(a.Keywords, func(k string) bool { return checkText(k, true, 100, "x") != "" }) {
		fail("keywords", msgKeywords)
	}
	if !allKnown(a.Channels, KnownChannels) {
		fail("channels", msgChannels)
	}
	if a.DeadlineDays < 0 || a.DeadlineDays > 3650 {
		fail("deadline_days", msgDeadline)
	}
	if slices.ContainsFunc(a.Related, func(id string) bool { return !idPattern.MatchString(id) }) {
		fail("related", msgRelated)
	}
	if questionsProblem(a.Questions) {
		fail("questions", msgQuestions)
	}
	if e := a.English; e != nil {
		for _, r := range []struct {
			field, value string
			required     bool
			max          int
			msg          string
		}{
			{"english.title", e.Title, true, 200, "Vul de Engelse titel in, hoogstens 200 tekens."},
			{"english.summary", e.Summary, true, 1000, "Vul de Engelse samenvatting in, hoogstens 1000 tekens."},
			{"english.body", e.Body, false, 100_000, "De Engelse tekst mag hoogstens 100.000 tekens zijn."},
		} {
			if msg := checkText(r.value, r.required, r.max, r.msg); msg != "" {
				fail(r.field, msg)
			}
		}
	}
	switch {
	case strings.TrimSpace(a.Owner) == "":
		fail("owner", msgOwner)
	case checkText(a.Owner, true, 100, "x") != "":
		fail("owner", msgOwnerLong)
	}
	switch {
	case strings.TrimSpace(a.ReviewBy) == "":
		fail("review_by", msgReviewBy)
	case !isDate(a.ReviewBy):
		fail("review_by", msgReviewFormat)
	}
	if len(errs) == 0 {
		return nil
	}
	return newValidationError(a.ID, errs)
}

// Validate checks the article as a new one; see the function Validate.
func (a *Article) Validate() error { return Validate(*a, nil) }

// uplAllowed reports whether a UPL name may be saved: it is on the national list, or it is the name the
// stored article already has.
func uplAllowed(name string, stored *Article) bool {
	if _, ok := UPLName(name); ok {
		return true
	}
	return stored != nil && strings.EqualFold(strings.TrimSpace(stored.UPL), strings.TrimSpace(name))
}

// Normalize trims the fields an editor types and spells a UPL name as the national list does.
func Normalize(a Article) Article {
	for _, p := range []*string{&a.ID, &a.Title, &a.UPL, &a.Theme, &a.Summary, &a.Cost, &a.LeadTime, &a.Owner, &a.ReviewBy} {
		*p = strings.TrimSpace(*p)
	}
	if name, ok := UPLName(a.UPL); ok {
		a.UPL = name
	}
	return a
}

func checkText(v string, required bool, max int, msg string) string {
	switch {
	case !utf8.ValidString(v):
		return msgBadText
	case required && strings.TrimSpace(v) == "", len(v) > max:
		return msg
	}
	return ""
}

// questionsProblem reports whether the question variants break a rule: too many, empty, too long or twice.
func questionsProblem(qs []string) bool {
	if len(qs) > MaxQuestions {
		return true
	}
	seen := map[string]bool{}
	for _, q := range qs {
		key := strings.ToLower(strings.TrimSpace(q))
		if checkText(q, true, MaxQuestionBytes, "x") != "" || seen[key] {
			return true
		}
		seen[key] = true
	}
	return false
}

func hasError(errs []FieldError, field string) bool {
	return slices.ContainsFunc(errs, func(f FieldError) bool { return f.Field == field })
}

func allKnown(values, known []string) bool {
	for _, v := range values {
		if !slices.Contains(known, v) {
			return false
		}
	}
	return true
}

// sortFields puts errors in the order of the editor's fields.
func sortFields(errs []FieldError) {
	slices.SortStableFunc(errs, func(a, b FieldError) int {
		return slices.Index(FieldOrder, a.Field) - slices.Index(FieldOrder, b.Field)
	})
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
