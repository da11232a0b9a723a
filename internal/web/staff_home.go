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
	{"API-tokens", "/beheer/tokens", "Tokens voor koppelingen met andere systemen.", anyStaff},
	{"Medewerkers", "/beheer/gebruikers", "Accounts en rollen van medewerkers.", adminOnly},
	{"Auditlog", "/beheer/audit", "Wie heeft welke gegevens bekeken of gewijzigd.", adminOnly},
}

// menuFor returns the menu items a staff member may use.
func menuFor(st auth.Staff) []menuItem {
	var items []menuItem
	for _, m := range consoleMenu {
		if st.Can(m.roles...) {
			items = append(items, m)
		}
	}
	return items
}

func (h *staffHandler) showHome(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "staff_home", page{Title: "Beheer", Data: menuFor(staff(r))})
}
