package console

import (
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
	"net/http"
)

type insightHomeData struct {
	Freshness string
	Sections  []menuItem
	CanRollup bool
}

// insightSections are the dashboards of the insight overview, each with the roles that may open it.
var insightSections = []menuItem{
	{"Maandrapport", "/beheer/inzicht/maandrapport", "De cijfers van één maand op één pagina, om af te drukken.", staffauth.Managers},
	{"Kanalen", "/beheer/inzicht/kanalen", "Contacten per kanaal tegenover de medewerkers (fte) per kanaal.", staffauth.Managers},
	{"Toptaken", "/beheer/inzicht/toptaken", "Uitslag van de toptakenpeiling: ranglijst en lange nek.", staffauth.Managers},
	{"Taken", "/beheer/inzicht/taken", "De takenlijst, gekoppeld aan artikelen en contactonderwerpen, en hoe elke taak presteert.", staffauth.InsightViewers},
	{"Werklijst", "/beheer/inzicht/werklijst", "Taken in de volgorde waarin verbeteren het meest oplevert.", staffauth.InsightViewers},
	{"Zoeken", "/beheer/inzicht/zoeken", "Wat mensen zoeken, wat ze niet vinden en waarna ze toch contact opnemen.", staffauth.InsightViewers},
	{"Ontbrekende antwoorden", "/beheer/inzicht/hiaten", "Vragen waarvoor geen voorgesteld antwoord werd gebruikt, per onderwerp.", staffauth.InsightViewers},
	{"Bezetting", "/beheer/inzicht/bezetting", "Erlang C: hoeveel medewerkers telefoon en chat nodig hebben.", staffauth.Managers},
}

func (h *Handler) showInsight(w http.ResponseWriter, r *http.Request) {
	st := staffauth.Staff(r)
	data := insightHomeData{Freshness: h.freshness(r), CanRollup: st.Can(staffauth.Managers...), Sections: menuFor(st, insightSections)}
	h.render(w, r, http.StatusOK, "staff_insight", render.Page{Title: "Inzicht", Data: data, Flash: flashFrom(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: ""}}})
}

// rollupInsight brings the rollups up to date now instead of at the next minute.
func (h *Handler) rollupInsight(w http.ResponseWriter, r *http.Request) {
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
