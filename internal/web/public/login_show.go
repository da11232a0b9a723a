package public

import (
	"net/http"

	"loket/internal/identity"
	"loket/internal/web/render"
)

// loginChoicePage offers the ways to log in.
type loginChoicePage struct {
	Enabled   bool
	ReturnTo  string
	DigiD     string // level asked, e.g. "midden"; empty: not offered
	EHerk     string
	DigiDName string
	EHerkName string
	Expired   bool
	Test      bool // the demo's test broker: test persons, no real DigiD or eHerkenning
}

// showLogin lets a person choose DigiD or eHerkenning; a product can narrow the choice (?digid=, ?eherkenning=).
func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := loginChoicePage{Enabled: h.deps.Identity.Enabled(), ReturnTo: identity.LocalPath(q.Get("terug")),
		DigiD: q.Get("digid"), EHerk: q.Get("eherkenning"), Expired: q.Get("reden") == "verlopen",
		Test: h.deps.Identity.TestLogin()}
	if p.Enabled && p.DigiD == "" && p.EHerk == "" {
		p.DigiD, p.EHerk = h.deps.Identity.MinLevel(identity.DigiD).Name, h.deps.Identity.MinLevel(identity.EHerkenning).Name
	}
	if l, ok := h.levels().ByName(p.DigiD); ok && l.Means == identity.DigiD {
		p.DigiDName = l.Label()
	} else {
		p.DigiD = ""
	}
	if l, ok := h.levels().ByName(p.EHerk); ok && l.Means == identity.EHerkenning {
		p.EHerkName = l.Label()
	} else {
		p.EHerk = ""
	}
	h.render(w, r, http.StatusOK, "login", renderPage("Inloggen", p))
}

func (h *Handler) levels() identity.Levels {
	if h.deps.Identity.Enabled() {
		return h.deps.Identity.Levels()
	}
	return identity.DefaultLevels()
}

func renderPage(title string, data any) render.Page {
	return render.Page{Title: title, Data: data, Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: title}}}
}
