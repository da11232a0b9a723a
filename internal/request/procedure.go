package request

import (
	"fmt"
	"regexp"
	"strings"
)

// Where a decision term counts from.
const (
	StartReceipt         = "receipt"          // the day after the request was received (Awb 4:13, 9:11, Woo 4.4)
	StartObjectionPeriod = "objection_period" // the day after the objection period ended (Awb 7:10 lid 1)
)

// Procedure is the legal procedure a product's requests follow, as data: the decision term, how far
// it may be extended, and what happens when the municipality is late. Each request keeps a copy of
// its procedure as it was on receipt, so a later change of the settings does not move a running term.
type Procedure struct {
	ID   string `json:"id"`
	Name string `json:"name"` // Dutch, shown to handlers and residents

	TermDays          int    `json:"term_days"`                     // the decision term
	CommitteeTermDays int    `json:"committee_term_days,omitempty"` // with an advisory committee (Awb 7:10, 9:11); 0: none
	TermArticle       string `json:"term_article"`                  // e.g. "Awb 4:13"
	Start             string `json:"start"`                         // StartReceipt or StartObjectionPeriod

	ExtensionDays    int    `json:"extension_days,omitempty"` // longest single extension; 0: none allowed
	ExtensionArticle string `json:"extension_article,omitempty"`
	// FurtherWithConsent: more time only with the requester's written consent (Awb 7:10 lid 4 for
	// objections; Awb 4:15 lid 2 sub a for applications); complaints have no such rule.
	FurtherWithConsent bool `json:"further_with_consent,omitempty"`

	LexSilencio bool `json:"lex_silencio,omitempty"` // granted by operation of law when late (Awb 4:20a–4:20f)
	Penalty     bool `json:"penalty,omitempty"`      // penalty for late decisions after a notice of default (Awb 4:17)
	WithoutATW  bool `json:"without_atw,omitempty"`  // a by-law term outside the Algemene termijnenwet

	Outcomes []string `json:"outcomes"` // the decisions that fit, keys of Outcomes
	ByLaw    bool     `json:"by_law,omitempty"`
}

// Procedure identifiers of the presets.
const (
	ProcedureDecision    = "beschikking"
	ProcedureObjection   = "bezwaar"
	ProcedureComplaint   = "klacht"
	ProcedureWoo         = "woo"
	ProcedureEnvironment = "omgevingswet"
)

var applicationOutcomes = []string{"toegekend", "deels", "afgewezen", "buiten_behandeling", "ingetrokken"}

// Presets are the procedures the law sets; a municipality adds its own by-law procedures beside them.
var Presets = []Procedure{
	{ID: ProcedureDecision, Name: "Aanvraag om een beschikking", TermDays: 56, TermArticle: "Awb 4:13",
		Start: StartReceipt, ExtensionDays: 56, ExtensionArticle: "Awb 4:14", FurtherWithConsent: true, Penalty: true,
		Outcomes: applicationOutcomes},
	{ID: ProcedureObjection, Name: "Bezwaar", TermDays: 42, CommitteeTermDays: 84, TermArticle: "Awb 7:10 lid 1",
		Start: StartObjectionPeriod, ExtensionDays: 42, ExtensionArticle: "Awb 7:10 lid 3", FurtherWithConsent: true,
		Penalty: true, Outcomes: []string{"gegrond", "deels_gegrond", "ongegrond", "niet_ontvankelijk", "ingetrokken"}},
	{ID: ProcedureComplaint, Name: "Klacht", TermDays: 42, CommitteeTermDays: 70, TermArticle: "Awb 9:11 lid 1",
		Start: StartReceipt, ExtensionDays: 28, ExtensionArticle: "Awb 9:11 lid 2",
		Outcomes: []string{"klacht_gegrond", "klacht_ongegrond", "klacht_opgelost", "ingetrokken"}},
	{ID: ProcedureWoo, Name: "Woo-verzoek", TermDays: 28, TermArticle: "Woo 4.4 lid 1", Start: StartReceipt,
		ExtensionDays: 14, ExtensionArticle: "Woo 4.4 lid 2", FurtherWithConsent: true, Penalty: true,
		Outcomes: []string{"openbaar", "deels_openbaar", "niet_openbaar", "ingetrokken"}},
	{ID: ProcedureEnvironment, Name: "Omgevingsvergunning, reguliere procedure", TermDays: 56,
		TermArticle: "Omgevingswet 16.64 lid 1", Start: StartReceipt, ExtensionDays: 42,
		ExtensionArticle: "Omgevingswet 16.64 lid 2", FurtherWithConsent: true, Penalty: true, Outcomes: applicationOutcomes},
}

// Preset returns the preset procedure with the given id.
func Preset(id string) (Procedure, bool) {
	for _, p := range Presets {
		if p.ID == id {
			return p, true
		}
	}
	return Procedure{}, false
}

// ProcedureFor picks the procedure of a product: the one its form names among the presets and the
// municipality's own, else an objection for an objection form, else a beschikking with the product's
// statutory term (or the eight weeks of Awb 4:13 lid 2 when it names none).
func ProcedureFor(f Form, p Product, own []Procedure) Procedure {
	if f.Procedure != "" {
		for _, o := range own {
			if o.ID == f.Procedure {
				return o
			}
		}
		if pr, ok := Preset(f.Procedure); ok {
			return withProductTerm(pr, p)
		}
	}
	if f.Kind == KindObjection {
		pr, _ := Preset(ProcedureObjection)
		return pr
	}
	pr, _ := Preset(ProcedureDecision)
	return withProductTerm(pr, p)
}

// withProductTerm uses the statutory term of a product for a beschikking; Awb 4:13 lid 2 caps a term
// that no statute sets at eight weeks, so a product's own term is taken as its statutory term.
func withProductTerm(pr Procedure, p Product) Procedure {
	if pr.ID == ProcedureDecision && p.DeadlineDays > 0 {
		pr.TermDays = p.DeadlineDays
		pr.TermArticle = "wettelijke termijn van het product"
		pr.ExtensionDays = p.DeadlineDays
	}
	return pr
}

// TermDaysFor is the decision term with or without an advisory committee.
func (p Procedure) TermDaysFor(committee bool) int {
	if committee && p.CommitteeTermDays > 0 {
		return p.CommitteeTermDays
	}
	return p.TermDays
}

// AllowsOutcome reports whether the outcome fits the procedure (no "bezwaar gegrond" for a permit).
func (p Procedure) AllowsOutcome(o string) bool {
	for _, x := range p.Outcomes {
		if x == o {
			return true
		}
	}
	return false
}

var procedureID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// ValidateByLaw checks a municipality's own procedure and returns every wrong field at once, with a
// Dutch message for the administrator.
func (p Procedure) ValidateByLaw() FieldErrors {
	errs := FieldErrors{}
	if !procedureID.MatchString(p.ID) {
		errs["id"] = "Gebruik 2 tot 40 kleine letters, cijfers of streepjes."
	} else if _, ok := Preset(p.ID); ok {
		errs["id"] = "Deze naam is al in gebruik voor een wettelijke procedure. Kies een andere."
	}
	if n := len([]rune(strings.TrimSpace(p.Name))); n < 3 || n > 100 {
		errs["name"] = "Vul een naam in van 3 tot 100 tekens."
	}
	if p.TermDays < 1 || p.TermDays > 366 {
		errs["term_days"] = "Vul een beslistermijn in van 1 tot 366 dagen."
	}
	if p.ExtensionDays < 0 || p.ExtensionDays > 366 {
		errs["extension_days"] = "Vul een verlenging in van 0 tot 366 dagen."
	}
	if strings.TrimSpace(p.TermArticle) == "" || len(p.TermArticle) > 100 {
		errs["term_article"] = "Noem het artikel van de verordening waarin de termijn staat."
	}
	if p.LexSilencio && p.Penalty {
		errs["penalty"] = "Kies één gevolg van te laat beslissen: van rechtswege verleend of een dwangsom (Awb 4:20f)."
	}
	return errs
}

// ByLawProcedure completes a validated by-law procedure with what every procedure needs.
func (p Procedure) ByLawProcedure() Procedure {
	p.ByLaw, p.Start, p.CommitteeTermDays, p.FurtherWithConsent = true, StartReceipt, 0, false
	p.Name, p.TermArticle = strings.TrimSpace(p.Name), strings.TrimSpace(p.TermArticle)
	if p.ExtensionDays > 0 && p.ExtensionArticle == "" {
		p.ExtensionArticle = p.TermArticle
	}
	if len(p.Outcomes) == 0 {
		p.Outcomes = applicationOutcomes
	}
	return p
}

// Describe is one Dutch sentence on the procedure's term, for the case page.
func (p Procedure) Describe(committee bool) string {
	s := fmt.Sprintf("%s: %s (%s)", p.Name, dayCount(p.TermDaysFor(committee)), p.TermArticle)
	if p.ExtensionDays > 0 {
		s += fmt.Sprintf(", één keer te verlengen met hoogstens %s (%s)", dayCount(p.ExtensionDays), p.ExtensionArticle)
	} else {
		s += ", niet te verlengen"
	}
	return s + "."
}

// dayCount writes a number of days in Dutch with the right form: "1 dag", "14 dagen", "6 weken".
func dayCount(n int) string {
	switch {
	case n == 1:
		return "1 dag"
	case n > 0 && n%7 == 0:
		if n == 7 {
			return "1 week"
		}
		return fmt.Sprintf("%d weken", n/7)
	}
	return fmt.Sprintf("%d dagen", n)
}
