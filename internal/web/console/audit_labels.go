package console

import (
	"slices"
	"strings"
)

// The audit log stores short codes for what happened and to what; staff read them in Dutch. Every code the
// code base writes has a label here (audit_labels_test.go finds them in the source); an unknown code is
// shown as it is, so nothing is hidden.

var auditActionLabels = map[string]string{
	"view":                     "bekeken",
	"list":                     "lijst bekeken",
	"search":                   "gezocht",
	"download":                 "gedownload",
	"export":                   "geëxporteerd",
	"open":                     "geopend",
	"create":                   "aangemaakt",
	"update":                   "gewijzigd",
	"save":                     "opgeslagen",
	"delete":                   "verwijderd",
	"import":                   "geïmporteerd",
	"publish":                  "gepubliceerd",
	"depublish":                "offline gehaald",
	"republish":                "weer online gezet",
	"restore":                  "oude versie teruggezet",
	"review":                   "inhoud gecontroleerd",
	"keyword":                  "zoekwoord toegevoegd",
	"question":                 "vraag van inwoners toegevoegd",
	"check_links":              "links gecontroleerd",
	"login":                    "ingelogd",
	"enable":                   "account vrijgegeven",
	"disable":                  "account geblokkeerd",
	"reset-password":           "wachtwoord opnieuw ingesteld",
	"change-password":          "eigen wachtwoord gewijzigd",
	"revoke":                   "ingetrokken",
	"assign":                   "toegewezen",
	"reply":                    "beantwoord",
	"note":                     "notitie toegevoegd",
	"merge":                    "samengevoegd",
	"register":                 "contact geregistreerd",
	"state":                    "status gewijzigd",
	"topic":                    "onderwerp gewijzigd",
	"task":                     "taak gemaakt",
	"task-state":               "taakstatus gewijzigd",
	"callback":                 "terugbelverzoek gemaakt",
	"whatsapp-template":        "WhatsApp-sjabloon verstuurd",
	"reveal_bsn":               "BSN getoond",
	"link_conversation_person": "gesprek gekoppeld aan inwoner of bedrijf",
	"refund":                   "bedrag terugbetaald",
	"appointment-book":         "afspraak gemaakt",
	"appointment-cancel":       "afspraak afgezegd",
	"appointment-move":         "afspraak verzet",
	"appointment-check-in":     "aangemeld bij de balie",
	"appointment-no-show":      "niet verschenen",
	"appointment-walk-in":      "inloop geregistreerd",
	"appointment-setup":        "afsprakenplanning gewijzigd",
	"bulk-zelf":                "in één keer zelf opgepakt",
	"bulk-toewijzen":           "in één keer toegewezen",
	"bulk-status":              "in één keer status gewijzigd",
	"bulk-sluiten":             "in één keer gesloten",
	"inherit":                  "landelijke tekst overgenomen als nieuw artikel",
	"national-link":            "gekoppeld aan de landelijke tekst",
	"national-update":          "landelijke tekst doorgevoerd",
	"national-take":            "landelijke tekst overgenomen",
	"national-keep":            "eigen tekst gehouden",
	"national-save":            "landelijke tekst opgeslagen",
	"national-create":          "landelijke tekst toegevoegd",
}

var auditObjectLabels = map[string]string{
	"article":          "artikel",
	"conversation":     "gesprek",
	"party":            "persoon of organisatie",
	"attachment":       "bijlage",
	"request":          "aanvraag",
	"request_file":     "bestand bij aanvraag",
	"request_letter":   "besluitbrief",
	"request_form":     "aanvraagformulier",
	"task":             "taak",
	"template":         "antwoordsjabloon",
	"user":             "medewerker",
	"token":            "API-sleutel",
	"tenant":           "gemeente op deze installatie",
	"municipality":     "gemeente-instellingen",
	"synonyms":         "synoniemen",
	"search proposal":  "voorstel voor zoeken",
	"plainlang_words":  "lijst met moeilijke woorden",
	"channel_settings": "kanaalinstellingen",
	"chat-console":     "chatscherm",
	"audit_log":        "auditlog",
	"payments":         "betalingen",
	"appointment":      "afspraak",
	"task_test":        "taaktest van een toptaak",
}

// auditActionLabel is the Dutch text for an action code.
func auditActionLabel(code string) string {
	return labelOr(auditActionLabels, code)
}

// auditObjectLabel is the Dutch text for an object type code.
func auditObjectLabel(code string) string {
	return labelOr(auditObjectLabels, code)
}

func labelOr(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return strings.ReplaceAll(code, "_", " ")
}

// auditOption is one choice of the audit page's filters.
type auditOption struct{ Code, Label string }

// auditOptions lists labels sorted by their Dutch text, for a select.
func auditOptions(labels map[string]string) []auditOption {
	out := make([]auditOption, 0, len(labels))
	for code, l := range labels {
		out = append(out, auditOption{code, l})
	}
	slices.SortFunc(out, func(a, b auditOption) int { return strings.Compare(a.Label, b.Label) })
	return out
}
