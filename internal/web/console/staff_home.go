package console

import (
	"net/http"

	"loket/internal/auth"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// menuItem is one entry of the console menu, shown only to the roles that may use it.
type menuItem struct {
	Label, URL, Description string
	roles                   []auth.Role
}

// consoleMenu lists the console's sections; every capability adds its own line here.
var consoleMenu = []menuItem{
	{"Inbox", "/beheer/inbox", "Vragen via het contactformulier en e-mail beantwoorden, met voorgestelde antwoorden.", staffauth.Agents},
	{"Chat", "/beheer/chat", "Chats van inwoners aannemen en beantwoorden, met antwoorden uit de kennisbank.", staffauth.Agents},
	{"Contact registreren", "/beheer/registreren", "Een telefoongesprek of baliebezoek vastleggen, met onderwerp en resultaat.", staffauth.Agents},
	{"Afspraken aan de balie", "/beheer/afspraken", "De afspraken van vandaag per balie: aanmelden, niet verschenen, zonder afspraak.", staffauth.Agents},
	{"Afspraak maken", "/beheer/afspraken/maken", "Een afspraak maken, verzetten of afzeggen voor iemand die belt.", staffauth.Agents},
	{"Afspraken instellen", "/beheer/afspraken/instellingen", "Locaties, openingstijden, balies, producten en regels voor afspraken.", staffauth.Managers},
	{"Taken", "/beheer/taken", "Terugbelverzoeken en andere taken van uw team: open, bezig en klaar.", staffauth.AnyStaff},
	{"Serviceniveaus", "/beheer/serviceniveaus", "Per kanaal: hoeveel vragen op tijd een antwoord kregen, en de tevredenheid.", staffauth.Managers},
	{"Aanvragen", "/beheer/aanvragen", "Aanvragen en bezwaren van uw team, op volgorde van de uiterste beslisdatum.", staffauth.Handlers},
	{"Formulieren", "/beheer/formulieren", "Aanvraagformulieren per product maken en wijzigen.", staffauth.Editors},
	{"Artikelen", "/beheer/artikelen", "Artikelen schrijven, wijzigen, publiceren en eerdere versies terugzetten.", staffauth.Editors},
	{"Controlelijst", "/beheer/controle", "Artikelen die uw team moet controleren: eerst wat te laat is.", staffauth.Editors},
	{"Actualiteit per team", "/beheer/controle/teams", "Per team: hoeveel artikelen te laat gecontroleerd zijn.", reviewers},
	{"Kapotte links", "/beheer/links", "Links in artikelen die niet (meer) werken.", staffauth.Editors},
	{"Ambtelijke woorden", "/beheer/redactie/ambtelijke-woorden", "Moeilijke woorden die de taalcheck aanwijst, met een eenvoudiger woord.", staffauth.Editors},
	{"Vaak gezocht, niet gevonden", "/beheer/redactie/niet-gevonden", "Zoekvragen zonder klik op een resultaat, met één klik op te lossen.", staffauth.Editors},
	{"Synoniemen", "/beheer/synoniemen", "Woorden die inwoners gebruiken, gekoppeld aan onze woorden, voor betere zoekresultaten.", staffauth.Editors},
	{"Thesaurus", "/beheer/thesaurus", "De landelijke woordenlijst van loket per thema nalezen.", staffauth.Editors},
	{"Leren van inwoners", "/beheer/zoeken/voorstellen", "Voorstellen uit het zoekgedrag: vragen en woorden van inwoners overnemen of afwijzen.", staffauth.Editors},
	{"API-tokens", "/beheer/tokens", "Tokens voor koppelingen met andere systemen.", staffauth.AnyStaff},
	{"Medewerkers", "/beheer/gebruikers", "Accounts en rollen van medewerkers.", staffauth.AdminOnly},
	{"Gemeente", "/beheer/gemeente", "Naam, logo, kleuren, contactgegevens, beloftes en toptaken van de gemeente.", staffauth.AdminOnly},
	{"Kanalen", "/beheer/kanalen", "E-mail, WhatsApp, inloggen voor inwoners en medewerkers, en online betalen.", staffauth.AdminOnly},
	{"Auditlog", "/beheer/audit", "Wie heeft welke gegevens bekeken of gewijzigd.", staffauth.AdminOnly},
	{"Inzicht", "/beheer/inzicht", "Toptaken, kanalen tegenover bezetting, zoekgedrag en ontbrekende antwoorden.", staffauth.InsightViewers},
	{"Betalingen", "/beheer/betalingen", "Betaalde leges per product, en per dag een overzicht voor de financiële administratie.", staffauth.Managers},
	{"Tweede stap", "/beheer/tweede-stap", "Bij inloggen met een wachtwoord ook een code uit een app vragen.", staffauth.AnyStaff},
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

func (h *Handler) showHome(w http.ResponseWriter, r *http.Request) {
	menu := menuFor(staffauth.Staff(r), consoleMenu)
	if h.isHostAdminHost(r) && staffauth.Staff(r).Can(staffauth.AdminOnly...) { // tenants: only on the host's console host name
		menu = append(menu, menuItem{"Gemeenten", "/beheer/gemeenten", "De gemeenten op deze installatie: toevoegen, hostnamen, uitzetten.", staffauth.AdminOnly})
		if h.deps.National != nil {
			menu = append(menu, menuItem{"Landelijke teksten", "/beheer/landelijke-teksten", "De landelijke tekst per product, die de gemeenten overnemen: toevoegen en wijzigen.", staffauth.AdminOnly})
		}
	}
	h.render(w, r, http.StatusOK, "staff_home", render.Page{Title: "Beheer", Data: menu})
}
