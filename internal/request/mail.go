package request

import (
	"fmt"
	"strings"
)

// ConfirmationMail is sent after a request was committed.
func ConfirmationMail(r Request, statusURL, provisionalURL string) Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nWe hebben uw %s ontvangen: %s.\nUw zaaknummer is %s.\n\n", nameOr(r.Name), kindWord(r.Kind), r.ProductTitle, r.Reference)
	fmt.Fprintf(&b, "U krijgt uiterlijk %s een besluit.\n", DutchDate(r.Deadline))
	if r.Late {
		fmt.Fprintf(&b, "\nLet op: de termijn om bezwaar te maken liep tot en met %s. Uw bezwaar is later binnengekomen. "+
			"Schrijf ons waarom. Dan kijken we of we uw bezwaar toch kunnen behandelen.\n", DutchDate(r.ObjectionUntil))
	}
	if r.Urgent {
		fmt.Fprintf(&b, "\nUw zaak heeft haast: %s\nOmdat het besluit misschien te laat komt, kunt u de rechter vragen om een "+
			"voorlopige voorziening. Lees hoe dat werkt: %s\n", r.UrgentReason, provisionalURL)
	}
	fmt.Fprintf(&b, "\nOp deze pagina ziet u hoe het met uw %s gaat en kunt u ons berichten sturen:\n%s\n\n"+
		"Deel deze link niet met anderen.\n\nMet vriendelijke groet,\nGemeente Voorbeeld\n", kindWord(r.Kind), statusURL)
	return Mail{To: r.Email, Subject: "Ontvangen: " + r.ProductTitle + " (" + r.Reference + ")", Body: b.String()}
}

// UpdateMail tells the requester what changed; the status link is in the confirmation mail only, since
// loket keeps no copy of it.
func UpdateMail(r Request, e Event) Mail {
	body := fmt.Sprintf("Beste %s,\n\nEr is nieuws over uw %s (%s, zaaknummer %s):\n\n%s\n\n"+
		"Alles over uw %s ziet u op uw statuspagina. De link staat in de e-mail die u kreeg toen u uw %s verstuurde.\n\n"+
		"Met vriendelijke groet,\nGemeente Voorbeeld\n", nameOr(r.Name), kindWord(r.Kind), r.ProductTitle, r.Reference, e.Text,
		kindWord(r.Kind), kindWord(r.Kind))
	return Mail{To: r.Email, Subject: "Nieuws over " + r.Reference, Body: body}
}

// DraftMail sends the link to continue a saved request later.
func DraftMail(to, productTitle, draftURL string) Mail {
	body := fmt.Sprintf("Beste heer of mevrouw,\n\nU hebt uw aanvraag %s bewaard. Met deze link gaat u verder waar u was:\n%s\n\n"+
		"Deel deze link niet met anderen. Uw aanvraag is nog niet verstuurd.\n\nMet vriendelijke groet,\nGemeente Voorbeeld\n", productTitle, draftURL)
	return Mail{To: to, Subject: "Verder met uw aanvraag " + productTitle, Body: body}
}

func nameOr(n string) string {
	if n == "" {
		return "heer of mevrouw"
	}
	return n
}

func kindWord(kind string) string {
	if kind == KindObjection {
		return "bezwaar"
	}
	return "aanvraag"
}

// UrgentMail explains the voorlopige voorziening (Awb 8:81) when a case becomes urgent: the decision
// may come after the date that matters, so the requester may ask the court for a provisional measure.
func UrgentMail(r Request, d Deadline, provisionalURL string) Mail {
	body := fmt.Sprintf("Beste %s,\n\nUw %s (%s, zaaknummer %s) heeft haast. %s\n\n"+
		"Misschien komt ons besluit te laat voor u. Dan kunt u de rechter vragen om een voorlopige voorziening (artikel 8:81 "+
		"van de Algemene wet bestuursrecht). De rechter kan dan snel een tijdelijke beslissing nemen. U vraagt dit aan bij de "+
		"rechtbank. Daarvoor moet u bezwaar hebben gemaakt, en u betaalt griffierecht.\n\nLees hoe dat werkt: %s\n\n"+
		"Wij beslissen uiterlijk %s. We proberen eerder te beslissen.\n\nMet vriendelijke groet,\nGemeente Voorbeeld\n",
		nameOr(r.Name), kindWord(r.Kind), r.ProductTitle, r.Reference, d.UrgentReason, provisionalURL, DutchDate(d.Due))
	return Mail{To: r.Email, Subject: "Uw zaak " + r.Reference + " heeft haast", Body: body}
}

// HearingMail invites the requester to the hearing: date, time, place, what to bring, and the
// appointment as an iCalendar text to add to a calendar.
func HearingMail(r Request, townhall string) Mail {
	if townhall == "" {
		townhall = "Gemeente Voorbeeld"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nWe nodigen u uit voor de hoorzitting over uw %s (%s, zaaknummer %s).\n\n", nameOr(r.Name), kindWord(r.Kind), r.ProductTitle, r.Reference)
	fmt.Fprintf(&b, "Datum: %s\n", DutchDate(r.Hearing))
	if h := r.HearingInfo; h != nil {
		fmt.Fprintf(&b, "Tijd: %s uur\nPlaats: %s\n", h.Start.In(amsterdam()).Format("15.04"), h.Place)
		if h.Bring != "" {
			fmt.Fprintf(&b, "Neem mee: %s\n", h.Bring)
		}
	}
	b.WriteString("\nTijdens de hoorzitting legt u uit waarom u het niet eens bent. U mag iemand meenemen. " +
		"Kunt u niet? Laat het ons zo snel mogelijk weten via uw statuspagina.\n")
	fmt.Fprintf(&b, "\nMet vriendelijke groet,\n%s\n", townhall)
	m := Mail{To: r.Email, Subject: "Uitnodiging hoorzitting " + r.Reference, Body: b.String()}
	if r.HearingInfo != nil {
		m.Attachment = &Attachment{Name: "hoorzitting.ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH",
			Data: HearingICS(r, townhall)}
	}
	return m
}
