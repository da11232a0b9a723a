package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/kb"
	"loket/internal/web/render"
)

// NationalTexts is the host's national content as its console uses it: the national articles with how
// many municipalities inherit and override each, one article, and saving one (propagated to every
// municipality that inherits it).
type NationalTexts interface {
	NationalOverview(ctx context.Context) ([]kb.NationalUse, error)
	NationalArticle(ctx context.Context, upl string) (kb.NationalArticle, error)
	CheckNational(a kb.Article) error
	EditNational(ctx context.Context, actor string, a kb.Article, baseVersion int) (kb.NationalEdit, error)
}

// hostNationalListData is the host's list of national texts.
type hostNationalListData struct {
	Texts []hostNationalRow
}

// hostNationalRow is one national text in the list, with the address of its editor.
type hostNationalRow struct {
	kb.NationalUse
	EditURL string
}

// hostNationalURL is the address of the host's editor of a national text.
func hostNationalURL(upl string) string { return "/beheer/landelijke-teksten/" + url.PathEscape(upl) }

// showHostNational lists the national texts: product, title, last change, and how many municipalities
// inherit each and how many have their own text for it. It shows counts only, nothing of a tenant.
func (h *Handler) showHostNational(w http.ResponseWriter, r *http.Request) {
	if !h.onHostAdminHost(w, r) {
		return
	}
	list, err := h.deps.National.NationalOverview(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var data hostNationalListData
	for _, u := range list {
		data.Texts = append(data.Texts, hostNationalRow{NationalUse: u, EditURL: hostNationalURL(u.National.Article.UPL)})
	}
	h.render(w, r, http.StatusOK, "staff_host_national", render.Page{Title: "Landelijke teksten", Flash: hostNationalFlash(r), Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Landelijke teksten", URL: ""}}})
}

// hostNationalFlash is the confirmation after a save, from the numbers in the address it was sent to.
func hostNationalFlash(r *http.Request) string {
	q := r.URL.Query()
	version, _ := strconv.Atoi(q.Get("versie"))
	followed, _ := strconv.Atoi(q.Get("bijgewerkt"))
	switch q.Get("gedaan") {
	case "ongewijzigd":
		return "Er is niets veranderd. De landelijke tekst is niet opnieuw opgeslagen."
	case "opgeslagen":
		return "De landelijke tekst is opgeslagen als versie " + strconv.Itoa(version) + ". " + followedText(followed) +
			" Gemeenten met een eigen tekst zien de wijziging bij hun artikel en kiezen zelf."
	case "niet-overal":
		return "De landelijke tekst is opgeslagen als versie " + strconv.Itoa(version) + ", maar niet elke gemeente is al bijgewerkt. " +
			"Die gemeenten krijgen de tekst bij de volgende start. Meld het bij de technische beheerder."
	}
	return ""
}

func followedText(n int) string {
	switch n {
	case 0:
		return "Geen artikel van een gemeente neemt deze tekst zonder eigen tekst over."
	case 1:
		return "1 artikel van een gemeente heeft de nieuwe tekst nu op de website."
	}
	return strconv.Itoa(n) + " artikelen van gemeenten hebben de nieuwe tekst nu op de website."
}
