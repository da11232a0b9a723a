package web

import (
	"net/http"

	"loket/internal/auth"
)

// menuItem is one entry of the console menu, shown only to the roles that may use it.
type menuItem struct {
	Label, URL, Description string
	roles                   []auth.Role
}

// consoleMenu lists the console's sections; every capability adds its own line here.
var consoleMenu = []menuItem{
	{"Inbox", "/beheer/inbox", "Vragen via het contactformulier en e-mail beantwoorden, met voorgestelde antwoorden.", agents},
	{"Chat", "/beheer/chat", "Chats van inwoners aannemen en beantwoorden, met antwoorden uit de kennisbank.", agents},
	{"Contact registreren", "/beheer/registreren", "Een telefoongesprek of baliebezoek vastleggen, met onderwerp en resultaat.", agents},
	{"Taken", "/beheer/taken", "Terugbelverzoeken en andere taken van uw team: open, bezig en klaar.", anyStaff},
	{"Serviceniveaus", "/beheer/serviceniveaus", "Per kanaal: hoeveel vragen op tijd een antwoord kregen, en de tevredenheid.", managers},
	{"Aanvragen", "/beheer/aanvragen", "Aanvragen en bezwaren van uw team, op volgorde van de uiterste beslisdatum.", handlers},
	{"Formulieren", "/beheer/formulieren", "Aanvraagformulieren per product maken en wijzigen.", editors},
	{"Artikelen", "/beheer/artikelen", "Artikelen schrijven, wijzigen, publiceren en eerdere versies terugzetten.", editors},
	{"Controlelijst", "/beheer/controle", "Artikelen die uw team moet controleren: eerst wat te laat is.", editors},
	{"Actualiteit per team", "/beheer/controle/teams", "Per team: hoeveel artikelen te laat gecontroleerd zijn.", reviewers},
	{"Kapotte links", "/beheer/links", "Links in artikelen die niet (meer) werken.", editors},
	{"Synoniemen", "/beheer/synoniemen", "Woorden die inwoners gebruiken, gekoppeld aan onze woorden, voor betere zoekresultaten.", editors},
	{"API-tokens", "/beheer/tokens", "Tokens voor koppelingen met andere systemen.", anyStaff},
	{"Medewerkers", "/beheer/gebruikers", "Accounts en rollen van medewerkers.", adminOnly},
	{"Auditlog", "/beheer/audit", "Wie heeft welke gegevens bekeken of gewijzigd.", adminOnly},
	{"Inzicht", "/beheer/inzicht", "Toptaken, kanalen tegenover bezetting, zoekgedrag en ontbrekende antwoorden.", insightViewers},
}

// menuFor returns the items of a menu (the console's or a section's) that a staff member may use.
func menuFor(st auth.Staff, menu []menuItem) []menuItem {
	var items []menuItem
	for _, m := range menu {
		if st.Can(m.roles...) {
			items = append(items, m)
		}
	}
	return items
}

func (h *staffHandler) showHome(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "staff_home", page{Title: "Beheer", Data: menuFor(staff(r), consoleMenu)})
}
