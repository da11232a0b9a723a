package request

import (
	"strings"
	"testing"
	"time"
)

var objectionForm = Form{Product: "bezwaar-maken", Kind: KindObjection, Title: "Bezwaar maken", Steps: []Step{{Title: "Het besluit", Fields: []Field{
	{Name: "datum_besluit", Label: "Datum van het besluit", Type: TypeDate, Required: true, Dates: "past", Purpose: PurposeDecisionDate},
	{Name: "gaat_over_datum", Label: "Gaat het over een dag?", Type: TypeChoice, Required: true, Options: []Option{{"ja", "Ja"}, {"nee", "Nee"}}},
	{Name: "datum_gebeurtenis", Label: "Datum van het evenement", Type: TypeDate, Required: true, Purpose: PurposeRelatedDate,
		ShowIf: &Condition{Field: "gaat_over_datum", Value: "ja"}},
	{Name: "email", Label: "E-mail", Type: TypeEmail, Required: true, Purpose: PurposeEmail},
}}}}

var objectionProduct = Product{ID: "bezwaar-maken", Title: "Bezwaar maken", Team: "Team Juridische Zaken", DeadlineDays: 84}

// TestObjectionAboutFestivitiesIsUrgent is the case of the issue: a permit for festivities on 13, 20 and
// 27 July, an objection against it, and a hearing planned on 30 July, after the festivities.
func TestObjectionAboutFestivitiesIsUrgent(t *testing.T) {
	received := at("2026-06-10")
	v, errs := objectionForm.Validate(Values{"datum_besluit": "2026-06-01", "gaat_over_datum": "ja",
		"datum_gebeurtenis": "13-07-2026", "email": "inwoner@example.nl"}, received)
	if len(errs) > 0 {
		t.Fatalf("valid objection refused: %v", errs)
	}
	r, err := New(objectionForm, objectionProduct, v, received)
	if err != nil {
		t.Fatal(err)
	}
	if r.Late || r.ObjectionUntil.Format(time.DateOnly) != "2026-07-13" {
		t.Fatalf("objection period until %s late=%v, want 2026-07-13 in time", r.ObjectionUntil.Format(time.DateOnly), r.Late)
	}
	// Awb 7:10 lid 1: six weeks from the day after the objection period ended (13 July): Monday 24 August.
	if r.Deadline.Format(time.DateOnly) != "2026-08-24" {
		t.Fatalf("decision deadline %s, want 2026-08-24 (6 weeks after the objection period)", r.Deadline.Format(time.DateOnly))
	}
	if !r.Urgent || !strings.Contains(r.UrgentReason, "13 juli 2026") || !strings.Contains(r.UrgentReason, "uiterste beslisdatum") {
		t.Fatalf("event before the deadline: urgent=%v %q", r.Urgent, r.UrgentReason)
	}
	if _, err := r.PlanHearing("jurist@voorbeeld.nl", day("2026-07-30"), at("2026-06-12")); err != nil {
		t.Fatal(err)
	}
	if !r.Urgent || !strings.Contains(r.UrgentReason, "hoorzitting (30 juli 2026)") {
		t.Fatalf("event before the hearing: urgent=%v %q", r.Urgent, r.UrgentReason)
	}
	mail := ConfirmationMail(r, "https://loket.example/mijn-aanvraag/x", "https://loket.example/producten/voorlopige-voorziening")
	if !strings.Contains(mail.Body, "voorlopige voorziening") || !strings.Contains(mail.Body, "/producten/voorlopige-voorziening") {
		t.Fatalf("confirmation does not tell about the provisional measure:\n%s", mail.Body)
	}
}

func TestObjectionTimingAndUrgency(t *testing.T) {
	for _, tc := range []struct {
		name           string
		decision, when string
		event          string
		late, urgent   bool
	}{
		{"on the last day of the period", "2026-06-01", "2026-07-13", "", false, false},
		{"one day late", "2026-06-01", "2026-07-14", "", true, false},
		{"period ending on Saturday runs to Monday", "2026-05-02", "2026-06-15", "", false, false},
		{"event after the deadline is not urgent", "2026-06-01", "2026-06-10", "2026-12-01", false, false},
		// The deadline is Monday 24 August (13 July + 42 days, Awb 7:10 lid 1).
		{"event on the deadline day is urgent", "2026-06-01", "2026-06-10", "2026-08-24", false, true},
		{"event the day after the deadline is not urgent", "2026-06-01", "2026-06-10", "2026-08-25", false, false},
		{"no related date, no urgency", "2026-06-01", "2026-06-10", "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Values{"datum_besluit": tc.decision, "gaat_over_datum": "nee", "email": "a@example.nl"}
			if tc.event != "" {
				v["gaat_over_datum"], v["datum_gebeurtenis"] = "ja", tc.event
			}
			clean, errs := objectionForm.Validate(v, at(tc.when))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			r, err := New(objectionForm, objectionProduct, clean, at(tc.when))
			if err != nil {
				t.Fatal(err)
			}
			if r.Late != tc.late || r.Urgent != tc.urgent {
				t.Errorf("late %v urgent %v (%s), want %v %v", r.Late, r.Urgent, r.UrgentReason, tc.late, tc.urgent)
			}
		})
	}
}

func TestRelatedDateIgnoredWhenItsConditionIsNotMet(t *testing.T) {
	v := Values{"datum_besluit": "2026-06-01", "gaat_over_datum": "nee", "datum_gebeurtenis": "2026-06-20", "email": "a@example.nl"}
	clean, errs := objectionForm.Validate(v, at("2026-06-10"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, kept := clean["datum_gebeurtenis"]; kept {
		t.Fatal("a field whose condition is not met was kept")
	}
	r, _ := New(objectionForm, objectionProduct, clean, at("2026-06-10"))
	if r.Urgent || !r.RelatedDate.IsZero() {
		t.Fatalf("hidden date made the objection urgent: %+v", r)
	}
}
