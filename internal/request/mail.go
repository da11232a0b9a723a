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
	body := fmt.Sprintf("Beste %s,\n\nEr is nieuws over uw %s %s (zaaknummer %s):\n\n%s\n\n"+
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
