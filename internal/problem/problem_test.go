package problem_test

import (
	"errors"
	"fmt"
	"testing"

	"loket/internal/problem"
)

func TestProblemsKeepTheirKindMessageAndFields(t *testing.T) {
	var f problem.Fields
	f.Add("naam", "Vul uw naam in.")
	f.Add("naam", "tweede melding")
	f.Add("email", "Vul een e-mailadres in.")
	err := fmt.Errorf("save: %w", f.Err())
	if problem.KindOf(err) != problem.Invalid {
		t.Errorf("kind %v, want Invalid", problem.KindOf(err))
	}
	got := problem.FieldsOf(err)
	if len(got) != 2 || got["naam"] != "Vul uw naam in." || got["email"] != "Vul een e-mailadres in." {
		t.Errorf("fields %v: want both fields, the first message for naam", got)
	}
	if (problem.Fields{}).Err() != nil {
		t.Error("no fields: want nil")
	}

	nf := problem.Wrap(problem.NotFound, "Deze aanvraag bestaat niet.", errors.New("sql: no rows"))
	if !errors.Is(nf, problem.ErrNotFound) || problem.MessageOf(nf) != "Deze aanvraag bestaat niet." {
		t.Errorf("not found: Is %v, message %q", errors.Is(nf, problem.ErrNotFound), problem.MessageOf(nf))
	}
	if problem.KindOf(fmt.Errorf("x: %w", problem.ErrNotFound)) != problem.NotFound {
		t.Error("a wrapped ErrNotFound is NotFound")
	}

	internal := errors.New("pq: password authentication failed for user loket")
	if msg := problem.MessageOf(internal); msg == internal.Error() || problem.KindOf(internal) != problem.Internal {
		t.Errorf("an internal error must not show its text: %q", msg)
	}
	hidden := problem.Wrap(problem.Internal, "geheim detail", internal)
	if problem.MessageOf(hidden) == "geheim detail" {
		t.Error("an Internal problem shows only the general message")
	}
}
