package kb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxImportBytes bounds an import file; the national catalogue of a large municipality is far smaller.
const MaxImportBytes = 64 << 20

// Known values of the list fields.
var (
	KnownChannels  = []string{"online", "balie", "telefoon", "post", "email"}
	KnownAudiences = []string{"inwoner", "ondernemer"}
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// ValidationError names the item and the field that is wrong, in words an editor understands.
type ValidationError struct {
	Item    string // the article id, or "item N" when the id itself is missing or wrong
	Field   string
	Message string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", e.Item, e.Message)
	}
	return fmt.Sprintf("%s: field %q: %s", e.Item, e.Field, e.Message)
}

// ParseImport reads a knowledge-base file: a JSON array of articles. Unknown fields, wrong types, invalid
// values and duplicate ids are rejected with an error that names the item and the field.
func ParseImport(r io.Reader) ([]Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read file: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, fmt.Errorf("file is larger than %d MB", MaxImportBytes>>20)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, describeJSONError(data, err, "the file must be a JSON array of articles")
	}
	articles := make([]Article, 0, len(raw))
	seen := make(map[string]int, len(raw))
	for i, item := range raw {
		a, err := DecodeArticle(item, fmt.Sprintf("item %d", i+1))
		if err != nil {
			return nil, err
		}
		if first, dup := seen[a.ID]; dup {
			return nil, &ValidationError{Item: fmt.Sprintf("item %d (%s)", i+1, a.ID), Field: "id",
				Message: fmt.Sprintf("the same id is also used by item %d", first)}
		}
		seen[a.ID] = i + 1
		articles = append(articles, a)
	}
	return articles, nil
}

// DecodeArticle decodes and validates one article in the import format; label names it in errors.
func DecodeArticle(data []byte, label string) (Article, error) {
	var a Article
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return a, &ValidationError{Item: label, Field: typeErr.Field,
				Message: fmt.Sprintf("has the wrong type (%s), expected %s", typeErr.Value, typeErr.Type)}
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return a, &ValidationError{Item: label, Field: strings.Trim(field, `"`), Message: "is not a known field"}
		}
		return a, &ValidationError{Item: label, Message: err.Error()}
	}
	if a.ID != "" && idPattern.MatchString(a.ID) {
		label = fmt.Sprintf("%s (%s)", label, a.ID)
	}
	if err := a.Validate(); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.Item = label
		}
		return a, err
	}
	return a, nil
}

// Validate checks the article's fields; the error names the first field that is wrong.
func (a *Article) Validate() error {
	fail := func(field, msg string) error { return &ValidationError{Item: a.ID, Field: field, Message: msg} }
	switch {
	case !idPattern.MatchString(a.ID):
		return fail("id", "must be 1 to 100 lowercase letters, digits or hyphens, starting with a letter or digit")
	case a.Type != TypeProduct && a.Type != TypeVAC:
		return fail("type", `must be "product" or "vac"`)
	case a.State != "" && a.State != StateDraft && a.State != StatePublished:
		return fail("state", `must be "draft" or "published"`)
	case a.DeadlineDays < 0 || a.DeadlineDays > 3650:
		return fail("deadline_days", "must be between 0 and 3650")
	case a.ReviewBy != "" && !isDate(a.ReviewBy):
		return fail("review_by", "must be a date as YYYY-MM-DD")
	}
	for _, f := range []struct {
		name, value string
		required    bool
		max         int
	}{
		{"title", a.Title, true, 200}, {"theme", a.Theme, true, 100}, {"summary", a.Summary, true, 1000},
		{"body", a.Body, true, 100_000}, {"upl", a.UPL, false, 200}, {"internal", a.Internal, false, 20_000},
		{"cost", a.Cost, false, 500}, {"lead_time", a.LeadTime, false, 200}, {"owner", a.Owner, false, 100},
	} {
		if err := checkText(f.value, f.required, f.max); err != "" {
			return fail(f.name, err)
		}
	}
	if bad := firstUnknown(a.Channels, KnownChannels); bad != "" {
		return fail("channels", fmt.Sprintf("%q is not one of %s", bad, strings.Join(KnownChannels, ", ")))
	}
	if bad := firstUnknown(a.Audience, KnownAudiences); bad != "" {
		return fail("audience", fmt.Sprintf("%q is not one of %s", bad, strings.Join(KnownAudiences, ", ")))
	}
	for _, id := range a.Related {
		if !idPattern.MatchString(id) {
			return fail("related", fmt.Sprintf("%q is not a valid article id", id))
		}
	}
	for _, k := range a.Keywords {
		if err := checkText(k, true, 100); err != "" {
			return fail("keywords", err)
		}
	}
	if field, msg := a.variantProblem(); field != "" {
		return fail(field, msg)
	}
	return nil
}

// Limits of the question variants and the English text.
const (
	MaxQuestions     = 30
	MaxQuestionBytes = 200
)

// variantProblem checks the question variants and the English text; it returns the field and the problem,
// or "" when both are right.
func (a *Article) variantProblem() (field, msg string) {
	if len(a.Questions) > MaxQuestions {
		return "questions", fmt.Sprintf("has more than %d questions", MaxQuestions)
	}
	seen := map[string]bool{}
	for _, q := range a.Questions {
		if err := checkText(q, true, MaxQuestionBytes); err != "" {
			return "questions", err
		}
		key := strings.ToLower(strings.TrimSpace(q))
		if seen[key] {
			return "questions", fmt.Sprintf("%q is listed twice", q)
		}
		seen[key] = true
	}
	if e := a.English; e != nil {
		for _, f := range []struct {
			name, value string
			required    bool
			max         int
		}{{"english.title", e.Title, true, 200}, {"english.summary", e.Summary, true, 1000}, {"english.body", e.Body, false, 100_000}} {
			if err := checkText(f.value, f.required, f.max); err != "" {
				return f.name, err
			}
		}
	}
	return "", ""
}

func checkText(v string, required bool, max int) string {
	switch {
	case required && strings.TrimSpace(v) == "":
		return "must not be empty"
	case len(v) > max:
		return fmt.Sprintf("is longer than %d characters", max)
	case !utf8.ValidString(v):
		return "is not valid UTF-8"
	}
	return ""
}

func firstUnknown(values, known []string) string {
	for _, v := range values {
		ok := false
		for _, k := range known {
			ok = ok || v == k
		}
		if !ok {
			return v
		}
	}
	return ""
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// describeJSONError adds the line and column to a JSON syntax error.
func describeJSONError(data []byte, err error, hint string) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line := 1 + bytes.Count(data[:syn.Offset], []byte("\n"))
		col := int(syn.Offset) - bytes.LastIndexByte(data[:syn.Offset], '\n')
		return fmt.Errorf("not valid JSON at line %d, column %d: %v", line, col, syn)
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field == "" {
		return errors.New(hint)
	}
	return fmt.Errorf("%s: %w", hint, err)
}

// WriteExport writes articles in the import format, indented, sorted as given.
func WriteExport(w io.Writer, articles []Article) error {
	out := make([]Article, len(articles))
	for i, a := range articles {
		a.UpdatedAt = time.Time{}
		if a.State == StatePublished {
			a.State = ""
		}
		out[i] = a.normalized()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// normalized replaces nil lists with empty ones so exports and the API always show arrays.
func (a Article) normalized() Article {
	for _, l := range []*[]string{&a.Audience, &a.Keywords, &a.Channels, &a.Related} {
		if *l == nil {
			*l = []string{}
		}
	}
	return a
}

// Normalized returns the article with empty lists instead of nil ones.
func (a Article) Normalized() Article { return a.normalized() }
