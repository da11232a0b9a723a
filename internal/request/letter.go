package request

import (
	"fmt"
	"strings"
	"time"
)

// Letter is a decision letter as sent and kept with the request: the resident reads it on the status
// page and downloads it as PDF; it does not change when templates change later.
type Letter struct {
	Date       time.Time `json:"date"`
	Reference  string    `json:"reference"`
	To         string    `json:"to"`
	Subject    string    `json:"subject"`
	Paragraphs []string  `json:"paragraphs"`
	Remedy     string    `json:"remedy"` // the Awb 3:45 clause: how and when to object or appeal
	Sender     string    `json:"sender"`
}

// outcomeOpening is the first paragraph of the letter per outcome: the template handlers start from.
var outcomeOpening = map[string]string{
	"toegekend":          "U hebt bij ons een aanvraag gedaan voor: %s. Wij hebben besloten uw aanvraag toe te kennen.",
	"deels":              "U hebt bij ons een aanvraag gedaan voor: %s. Wij hebben besloten uw aanvraag voor een deel toe te kennen.",
	"afgewezen":          "U hebt bij ons een aanvraag gedaan voor: %s. Wij hebben besloten uw aanvraag af te wijzen.",
	"buiten_behandeling": "U hebt bij ons een aanvraag gedaan voor: %s. Wij hebben u gevraagd uw aanvraag aan te vullen, maar we hebben de gevraagde informatie niet op tijd gekregen. Daarom nemen we uw aanvraag niet in behandeling (artikel 4:5 Algemene wet bestuursrecht).",
	"ingetrokken":        "U hebt uw %s ingetrokken. Wij sluiten uw zaak daarom af.",
	"gegrond":            "U hebt bezwaar gemaakt: %s. Wij vinden dat u gelijk hebt. Uw bezwaar is gegrond en wij herroepen het besluit.",
	"deels_gegrond":      "U hebt bezwaar gemaakt: %s. Wij vinden dat u voor een deel gelijk hebt. Uw bezwaar is deels gegrond.",
	"ongegrond":          "U hebt bezwaar gemaakt: %s. Wij vinden dat het besluit juist was. Uw bezwaar is ongegrond en het besluit blijft zoals het is.",
	"niet_ontvankelijk":  "U hebt bezwaar gemaakt: %s. Wij kunnen uw bezwaar niet inhoudelijk behandelen. Uw bezwaar is niet-ontvankelijk.",
	"klacht_gegrond":     "U hebt een klacht ingediend: %s. Wij vinden uw klacht terecht. Onze excuses daarvoor.",
	"klacht_ongegrond":   "U hebt een klacht ingediend: %s. Wij hebben uw klacht onderzocht en vinden haar niet terecht.",
	"klacht_opgelost":    "U hebt een klacht ingediend: %s. In overleg met u is uw klacht opgelost.",
	"openbaar":           "U hebt ons gevraagd om informatie openbaar te maken (Wet open overheid): %s. Wij maken de informatie openbaar.",
	"deels_openbaar":     "U hebt ons gevraagd om informatie openbaar te maken (Wet open overheid): %s. Wij maken een deel van de informatie openbaar.",
	"niet_openbaar":      "U hebt ons gevraagd om informatie openbaar te maken (Wet open overheid): %s. Wij maken de informatie niet openbaar.",
}

// OutcomeOpening is the template's first paragraph for an outcome, for the decision form.
func OutcomeOpening(r Request, outcome string) string {
	f, ok := outcomeOpening[outcome]
	if !ok {
		return ""
	}
	what := r.ProductTitle
	if outcome == "ingetrokken" {
		what = kindWord(r.Kind)
	}
	return fmt.Sprintf(f, what)
}

// RemedyClause is the Awb 3:45 clause for the decision: which remedy is open, within what term and to
// whom. A decision on an objection opens appeal to the court (Awb 7:1, 8:1, 6:7); a complaint has no
// objection or appeal but the Nationale ombudsman (Awb 9:18); a decision on an application opens
// objection (Awb 6:4, 6:7).
func RemedyClause(r Request, sender string) string {
	switch r.procedure().ID {
	case ProcedureObjection:
		return "Bent u het niet eens met dit besluit op uw bezwaar? Dan kunt u binnen zes weken na de dag waarop wij dit besluit " +
			"hebben verstuurd in beroep gaan bij de rechtbank (artikel 6:7 en 8:1 Algemene wet bestuursrecht). Kijk op " +
			"rechtspraak.nl hoe dat gaat. U betaalt daarvoor griffierecht."
	case ProcedureComplaint:
		return "Bent u het niet eens met hoe wij uw klacht hebben behandeld? Dan kunt u de Nationale ombudsman vragen om naar " +
			"uw klacht te kijken (artikel 9:18 Algemene wet bestuursrecht). Tegen dit besluit kunt u geen bezwaar maken."
	}
	return fmt.Sprintf("Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop wij dit besluit "+
		"hebben verstuurd bezwaar maken bij het college van burgemeester en wethouders van %s (artikel 6:7 en 3:45 "+
		"Algemene wet bestuursrecht). Schrijf in uw bezwaar uw naam en adres, de datum, het zaaknummer %s, en waarom u het "+
		"niet eens bent met het besluit. Onderteken uw bezwaar. U kunt ook online bezwaar maken op onze website.", townhallName(sender), r.Reference)
}

func townhallName(sender string) string {
	return strings.TrimPrefix(strings.TrimSpace(sender), "Gemeente ")
}

// DecisionLetter writes the letter of a decision from its template: the outcome's opening, the
// handler's explanation, and the remedy clause of Awb 3:45.
func DecisionLetter(r Request, outcome, explanation, sender string, sent time.Time) Letter {
	if sender == "" {
		sender = "Gemeente Voorbeeld"
	}
	paras := []string{OutcomeOpening(r, outcome)}
	for _, p := range strings.Split(strings.ReplaceAll(strings.TrimSpace(explanation), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return Letter{Date: civilDate(sent), Reference: r.Reference, To: nameOr(r.Name),
		Subject: "Besluit over uw " + kindWord(r.Kind) + " " + r.ProductTitle, Paragraphs: paras,
		Remedy: RemedyClause(r, sender), Sender: sender}
}

// LetterText is the letter as plain text, for the timeline and the mail.
func LetterText(l Letter) string {
	return strings.Join(l.Paragraphs, "\n\n") + "\n\nNiet eens met dit besluit?\n" + l.Remedy
}
