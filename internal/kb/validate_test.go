package kb_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	. "loket/internal/kb"
	"loket/internal/problem"
)

// valid is an article that keeps every rule; tests break one field at a time.
func valid() Article {
	return Article{ID: "paspoort", Type: TypeProduct, Title: "Paspoort aanvragen", UPL: "paspoort", Theme: "Burgerzaken",
		Summary: "U vraagt een paspoort aan bij de balie.", Body: "## Wat is het?\nEen reisdocument.",
		Channels: []string{"balie"}, Audience: []string{"inwoner"}, Owner: "Team Burgerzaken", ReviewBy: "2027-06-30"}
}

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %v", err)
	}
	var names []string
	for _, f := range ve.Fields {
		if f.Message == "" {
			t.Errorf("field %s has no message", f.Field)
		}
		names = append(names, f.Field)
	}
	return names
}

// One call reports every wrong field, in the order of the editor's form, each with its own message: the
// console no longer needs to blank fields in a loop to find the next one.
func TestValidateReportsEveryWrongFieldAtOnce(t *testing.T) {
	a := valid()
	a.ID = "Paspoort Aanvragen" // capitals and a space
	a.Title = ""
	a.Channels = []string{"duif"}
	a.Owner = ""
	a.ReviewBy = "31-12-2027"
	a.Keywords = []string{"reis", " "}
	got := fieldsOf(t, Validate(a, nil))
	want := []string{"id", "title", "keywords", "channels", "owner", "review_by"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	var ve *ValidationError
	errors.As(Validate(a, nil), &ve)
	if m := ve.Map(); m["owner"] != "Vul het team in dat dit artikel actueel houdt." ||
		m["review_by"] != "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2027-05-31." {
		t.Fatalf("messages %v", m)
	}
}

func TestValidateRules(t *testing.T) {
	if err := Validate(valid(), nil); err != nil {
		t.Fatalf("a valid article is rejected: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Article)
		field  string
	}{
		{"owner team is required", func(a *Article) { a.Owner = "  " }, "owner"},
		{"review date is required", func(a *Article) { a.ReviewBy = "" }, "review_by"},
		{"review date must exist", func(a *Article) { a.ReviewBy = "2027-02-30" }, "review_by"},
		{"UPL name from the national list", func(a *Article) { a.UPL = "Zwembadabonnement" }, "upl"},
		{"type", func(a *Article) { a.Type = "folder" }, "type"},
		{"state", func(a *Article) { a.State = "archived" }, "state"},
		{"deadline above ten years", func(a *Article) { a.DeadlineDays = 3651 }, "deadline_days"},
		{"negative deadline", func(a *Article) { a.DeadlineDays = -1 }, "deadline_days"},
		{"title of 201 characters", func(a *Article) { a.Title = strings.Repeat("a", 201) }, "title"},
		{"related id", func(a *Article) { a.Related = []string{"Geen Id"} }, "related"},
		{"audience", func(a *Article) { a.Audience = []string{"toerist"} }, "audience"},
		{"text that is not UTF-8", func(a *Article) { a.Summary = "caf\xe9" }, "summary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.change(&a)
			if got := fieldsOf(t, Validate(a, nil)); !reflect.DeepEqual(got, []string{tc.field}) {
				t.Fatalf("fields %v, want [%s]", got, tc.field)
			}
		})
	}
	// Boundaries that are allowed: exactly 200 characters of title, a deadline of exactly 3650 days.
	a := valid()
	a.Title, a.DeadlineDays = strings.Repeat("a", 200), 3650
	if err := Validate(a, nil); err != nil {
		t.Fatalf("boundary values rejected: %v", err)
	}
}

// A UPL name that is no longer on the national list may stay on the article that has it, but a new
// article, or a change to another name, must use the list.
func TestUPLNameKeptWhenUnchanged(t *testing.T) {
	stored := valid()
	stored.UPL = "Gemeentepolis (oud)"
	edited := stored
	edited.Title = "Gemeentepolis"
	if err := Validate(edited, &stored); err != nil {
		t.Fatalf("unchanged old UPL name rejected: %v", err)
	}
	if got := fieldsOf(t, Validate(edited, nil)); !reflect.DeepEqual(got, []string{"upl"}) {
		t.Fatalf("new article with an unknown UPL name: %v", got)
	}
	edited.UPL = "Nog een oude naam"
	if got := fieldsOf(t, Validate(edited, &stored)); !reflect.DeepEqual(got, []string{"upl"}) {
		t.Fatalf("changed to an unknown UPL name: %v", got)
	}
	// The list is matched without regard to case, and Normalize spells the name as the list does.
	a := valid()
	a.UPL = "  PASPOORT "
	a = Normalize(a)
	if a.UPL != "paspoort" || Validate(a, nil) != nil {
		t.Fatalf("UPL %q after Normalize", a.UPL)
	}
}

// Validation and conflict errors follow loket's one error convention.
func TestErrorsAreProblems(t *testing.T) {
	a := valid()
	a.Owner = ""
	err := Validate(a, nil)
	if problem.KindOf(err) != problem.Invalid || problem.FieldsOf(err)["owner"] != "Vul het team in dat dit artikel actueel houdt." {
		t.Fatalf("validation error: kind %v, fields %v", problem.KindOf(err), problem.FieldsOf(err))
	}
	conflict := error(&ConflictError{Current: 7})
	if problem.KindOf(conflict) != problem.Conflict || !errors.Is(conflict, ErrConflict) || !strings.Contains(problem.MessageOf(conflict), "versie 7") {
		t.Fatalf("conflict: kind %v, message %q", problem.KindOf(conflict), problem.MessageOf(conflict))
	}
	if !errors.Is(ErrNotFound, problem.ErrNotFound) || problem.KindOf(ErrNotFound) != problem.NotFound {
		t.Fatal("kb.ErrNotFound is not problem.ErrNotFound")
	}
}
