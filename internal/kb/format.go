package kb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxImportBytes bounds an import file; the national catalogue of a large municipality is far smaller.
const MaxImportBytes = 64 << 20

// maxImportProblems bounds how many wrong items one import error lists.
const maxImportProblems = 100

// ParseImport reads a knowledge-base file: a JSON array of articles. It rejects what is not the format
// (unknown fields, wrong types) and duplicate ids, listing every wrong item at once (at most 100); the
// rules of an article are checked by Service.Import, which knows what is stored.
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
	var problems importProblems
	for i, item := range raw {
		a, err := decodeArticle(item, fmt.Sprintf("item %d", i+1))
		if err != nil {
			problems.add(err)
			continue
		}
		if first, dup := seen[a.ID]; dup {
			problems.add(fieldError(fmt.Sprintf("item %d (%s)", i+1, a.ID), "id",
				fmt.Sprintf("Hetzelfde id staat ook bij item %d.", first)))
			continue
		}
		seen[a.ID] = i + 1
		articles = append(articles, a)
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	return articles, nil
}

// importProblems collects the errors of an import's items, up to maxImportProblems.
type importProblems struct {
	list []error
	more int
}

func (p *importProblems) add(err error) {
	if len(p.list) == maxImportProblems {
		p.more++
		return
	}
	p.list = append(p.list, err)
}

// err joins the problems, one per line, or returns nil when there are none.
func (p *importProblems) err() error {
	if p.more > 0 {
		p.list = append(p.list, fmt.Errorf("and %d more items with errors", p.more))
	}
	return errors.Join(p.list...)
}

// DecodeArticle decodes one article in the import format (unknown fields and wrong types are errors);
// label names it in errors. The rules of an article are checked by the Service when it is saved.
func DecodeArticle(data []byte, label string) (Article, error) { return decodeArticle(data, label) }

// decodeArticle decodes one article in the import format: unknown fields and wrong types are errors.
func decodeArticle(data []byte, label string) (Article, error) {
	var a Article
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return a, fieldError(label, typeErr.Field,
				fmt.Sprintf("Dit veld heeft het verkeerde type (%s); verwacht is %s.", typeErr.Value, jsonTypeName(typeErr.Type.Kind().String())))
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return a, fieldError(label, strings.Trim(field, `"`), "Dit veld kent het formaat niet.")
		}
		return a, newValidationError(label, []FieldError{{Message: "Dit is geen artikel in het formaat (een JSON-object)."}})
	}
	return a, nil
}

// jsonTypeName names a Go kind as the JSON type an editor knows.
func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "tekst"
	case "slice":
		return "een lijst"
	case "int", "int64":
		return "een geheel getal"
	}
	return kind
}

// itemLabel names an item in an import by its position and, when it is valid, its id.
func itemLabel(label, id string) string {
	if id != "" && idPattern.MatchString(id) && label != id {
		return fmt.Sprintf("%s (%s)", label, id)
	}
	return label
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
