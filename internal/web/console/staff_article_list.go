package console

import (
	"net/http"
	"strconv"

	"loket/internal/kb"
	"loket/internal/store"
	"loket/internal/web/render"
)

// articlePage is how many articles the editors' list shows at a time.
const articlePage = 200

type articleListData struct {
	Filter      store.EditorFilter
	Articles    []store.ArticleSummary
	Total       int    // every article the filter selects
	First, Last int    // the numbers of this page's first and last article, from 1
	Prev, Next  string // links to the neighbouring pages; "" when there is none
	Themes      []string
	Teams       []string
	States      []choice
	Today       string
}

// showArticles is the editors' list of all articles, with filters on theme, state, owner team and text.
func (h *Handler) showArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.EditorFilter{Theme: q.Get("thema"), State: q.Get("status"), Owner: q.Get("team"), Text: q.Get("zoek"), Limit: articlePage}
	if f.State != "" && f.State != kb.StateDraft && f.State != kb.StatePublished {
		f.State = ""
	}
	page := pageNumber(q, "pagina", 10000)
	f.Offset = (page - 1) * articlePage
	total, err := h.deps.Store.CountEditorArticles(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	list, err := h.deps.Store.EditorArticles(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := articleListData{Filter: f, Articles: list, Total: total, First: f.Offset + 1, Last: f.Offset + len(list)}
	link := func(p int) string { return pageURL("/beheer/artikelen", q, "pagina", strconv.Itoa(p)) }
	if page > 1 {
		data.Prev = link(page - 1)
	}
	if data.Last < total {
		data.Next = link(page + 1)
	}
	themes, err := h.deps.Store.ArticleThemes(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	teams, err := h.deps.Store.Teams(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	states := []choice{{kb.StatePublished, "Gepubliceerd", f.State == kb.StatePublished}, {kb.StateDraft, "Concept", f.State == kb.StateDraft}}
	data.Themes, data.Teams, data.States, data.Today = themes, teams, states, h.today().Format("2006-01-02")
	h.render(w, r, http.StatusOK, "staff_articles", render.Page{Title: "Artikelen", Flash: flashFor(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Artikelen", URL: ""}}, Data: data})
}

// flashes are the confirmations a redirect can ask for with ?gedaan=; fixed texts, never from the URL.
var flashes = map[string]string{
	"concept":          "Het artikel is opgeslagen als concept. Inwoners zien het niet.",
	"concept-naast":    "Uw wijzigingen zijn opgeslagen als concept. Inwoners zien nog de gepubliceerde versie, tot u publiceert.",
	"gepubliceerd":     "Het artikel is gepubliceerd. Inwoners zien de nieuwe tekst nu, ook in de zoekresultaten.",
	"hersteld":         "De eerdere versie staat klaar als concept. Inwoners zien nog de gepubliceerde versie, tot u publiceert.",
	"controle-gestart": "De controle van alle links is gestart. Hieronder ziet u hoe ver die is; ververs de pagina om het te volgen.",
	"trefwoord":        "Het trefwoord is toegevoegd aan het artikel. De zoekfunctie vindt het artikel er nu mee.",
	"synoniem":         "Het synoniem is toegevoegd. De zoekfunctie gebruikt het nu.",
	"woorden":          "De lijst is opgeslagen. De taalcheck gebruikt de woorden nu.",
	"ongewijzigd":      "Er was niets gewijzigd. Er is geen nieuwe versie gemaakt.",
	"offline":          "Het artikel is offline gehaald. Inwoners zien het niet meer en de zoekfunctie vindt het niet meer.",
	"online":           "Het artikel staat weer online, met de tekst die het had voordat het offline ging.",
	"gecontroleerd":    "Het artikel is gecontroleerd. De nieuwe controledatum staat in de lijst.",
	"synoniemen":       "De synoniemen zijn opgeslagen. De zoekfunctie gebruikt ze nu.",
	"verwijderd":       "Het artikel is verwijderd. De eerdere versies blijven bewaard.",
	// national content
	"landelijk-overgenomen": "De landelijke tekst is overgenomen. Er is een nieuwe versie gemaakt en inwoners zien de tekst nu.",
	"eigen-tekst":           "U houdt uw eigen tekst. U krijgt weer bericht als de landelijke tekst opnieuw verandert.",
	"overgenomen":           "Het artikel neemt nu de landelijke tekst over. Pas velden aan als uw gemeente iets anders doet.",
}

func flashFor(r *http.Request) string { return flashes[r.URL.Query().Get("gedaan")] }
