package web

import (
	"net/http"
)

type insightHomeData struct {
	Freshness string
	Sections  []menuItem
	CanRollup bool
}

// insightSections are the dashboards of the insight overview, each with the roles that may open it.
var insightSections = []menuItem{
	{"Kanalen", "/beheer/inzicht/kanalen", "Contacten per kanaal tegenover de medewerkers (fte) per kanaal.", managers},
	{"Toptaken", "/beheer/inzicht/toptaken", "Uitslag van de toptakenpeiling: ranglijst en lange nek.", managers},
	{"Taken", "/beheer/inzicht/taken", "De takenlijst, gekoppeld aan artikelen en contactonderwerpen, en hoe elke taak presteert.", insightViewers},
	{"Werklijst", "/beheer/inzicht/werklijst", "Taken in de volgorde waarin verbeteren het meest oplevert.", insightViewers},
	{"Zoeken", "/beheer/inzicht/zoeken", "Wat mensen zoeken, wat ze niet vinden en waarna ze toch contact opnemen.", insightViewers},
	{"Ontbrekende antwoorden", "/beheer/inzicht/hiaten", "Vragen waarvoor geen voorgesteld antwoord werd gebruikt, per onderwerp.", insightViewers},
	{"Bezetting", "/beheer/inzicht/bezetting", "Erlang C: hoeveel medewerkers telefoon en chat nodig hebben.", managers},
}

func (h *staffHandler) showInsight(w http.ResponseWriter, r *http.Request) {
	st := staff(r)
	data := insightHomeData{Freshness: h.freshness(r), CanRollup: st.Can(managers...), Sections: menuFor(st, insightSections)}
	h.render(w, r, http.StatusOK, "staff_insight", page{Title: "Inzicht", Data: data, Flash: flashFrom(r),
		Breadcrumbs: []crumb{{"Beheer", "/beheer"}, {"Inzicht", ""}}})
}

// rollupInsight brings the rollups up to date now instead of at the next minute.
func (h *staffHandler) rollupInsight(w http.ResponseWriter, r *http.Request) {
	if _, err := h.deps.Store.RollupInsight(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/inzicht?klaar=bijgewerkt", http.StatusSeeOther)
}

// flashFrom turns a known ?klaar= value into a confirmation; unknown values show nothing.
func flashFrom(r *http.Request) string {
	return map[string]string{
		"bijgewerkt":   "De cijfers zijn bijgewerkt.",
		"opgeslagen":   "De wijzigingen zijn opgeslagen.",
		"verwijderd":   "De taak is verwijderd.",
		"taaktest":     "De uitslag van de taaktest is opgeslagen.",
		"aangemaakt":   "De taak is aangemaakt.",
		"instellingen": "De fte en kosten per kanaal zijn opgeslagen.",
	}[r.URL.Query().Get("klaar")]
}
