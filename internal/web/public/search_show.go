package public

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/web/render"
	"loket/internal/web/searchlog"
)

type searchData struct {
	Query    string
	SearchID string
	Results  []searchResult
	Answer   *searchResult
}

type searchResult struct {
	ID, Type, Title, Summary string
	Lang                     string // "en" when the hit shows the article's English text
	Snippet                  template.HTML
	URL                      string        // through /zoeken/klik so the click is logged
	Row                      template.HTML // the hit's item in the results list (search-result)
}

// resultRow writes the search-result template's markup for r: one string instead of the template's
// calls for every hit. Its URL holds only what url.Values.Encode writes after a fixed path, which the
// template's URL filters keep as it is.
func resultRow(r searchResult) template.HTML {
	var b strings.Builder
	b.Grow(200 + len(r.Title) + len(r.URL) + len(r.Snippet) + len(r.Summary))
	b.WriteString(`<li class="result"`)
	if r.Lang == "en" {
		b.WriteString(` lang="en"`)
	}
	b.WriteString(`><a class="utrecht-link result__title" href="`)
	b.WriteString(render.EscapeText(r.URL))
	b.WriteString(`">`)
	b.WriteString(render.EscapeText(r.Title))
	b.WriteString("</a>\n      <p class=\"utrecht-paragraph result__snippet\">")
	if r.Snippet != "" {
		b.WriteString(string(r.Snippet))
	} else {
		b.WriteString(render.EscapeText(r.Summary))
	}
	b.WriteString("</p></li>")
	return template.HTML(b.String())
}

func (h *Handler) showSearch(w http.ResponseWriter, r *http.Request) {
	q, limit, err := search.QueryParams(r.URL.Query(), 10, 50)
	if err != nil {
		h.badRequest(w, r, "Uw zoekvraag kunnen we niet verwerken: "+err.Error()+".")
		return
	}
	data := searchData{Query: strings.TrimSpace(q)}
	if data.Query != "" {
		res, err := h.deps.Search.Search(data.Query, limit)
		if h.searchFailed(w, r, err) {
			return
		}
		data.SearchID = h.deps.SearchLog.RecordAfter(data.Query, len(res.Hits), res.Answer != nil, previousSearch(r))
		h.rememberSearch(w, data.SearchID)
		data.Results = make([]searchResult, 0, len(res.Hits))
		for _, hit := range res.Hits {
			row := h.searchResult(hit, data.SearchID)
			row.Row = resultRow(row)
			data.Results = append(data.Results, row)
		}
		if res.Answer != nil {
			a := h.searchResult(*res.Answer, data.SearchID)
			data.Answer = &a
		}
	}
	title := "Zoeken"
	if data.Query != "" {
		title = "Zoeken naar ‘" + data.Query + "’"
	}
	h.render(w, r, http.StatusOK, "search", render.Page{Title: title, Query: data.Query, Data: data,
		Breadcrumbs: searchCrumbs, BreadcrumbsHTML: h.searchCrumbs()})
}

// searchCrumbs is the search page's breadcrumb trail, rendered once (Handler.searchCrumbs).
var searchCrumbs = []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Zoeken", URL: ""}}

// searchCrumbs renders the search page's trail at its first view; empty (rendered with the page) when
// that fails.
func (h *Handler) searchCrumbs() template.HTML {
	h.searchTrail.once.Do(func() {
		h.searchTrail.html, _ = h.pages.Breadcrumbs(searchCrumbs)
	})
	return h.searchTrail.html
}

// previousCookie holds the id of this browser's last search for search.FollowUpWindow, so that the next
// search from the search box on any page is linked to it, as one from the "try other words" form is: the
// search log learns from reformulations (issue 18). It holds a random search id, nothing about the person.
const previousCookie = "loket_vorige_zoekvraag"

// previousSearch is the id of the search this one follows: named by the "try other words" form, else the
// browser's last search.
func previousSearch(r *http.Request) string {
	if id := r.URL.Query().Get("vorige"); searchlog.ValidID(id) {
		return id
	}
	if c, err := r.Cookie(previousCookie); err == nil && searchlog.ValidID(c.Value) {
		return c.Value
	}
	return ""
}

func (h *Handler) rememberSearch(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{Name: previousCookie, Value: id, Path: "/zoeken", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(h.deps.BaseURL, "https://"),
		MaxAge: int(search.FollowUpWindow.Seconds())})
}

func (h *Handler) searchResult(hit search.Hit, searchID string) searchResult {
	v := url.Values{"s": {searchID}, "a": {hit.ID}}
	if hit.Lang == "en" {
		v.Set("taal", "en") // an English search opens the English text
	}
	return searchResult{ID: hit.ID, Type: hit.Type, Title: hit.Title, Summary: hit.Summary, Lang: hit.Lang,
		Snippet: hit.Snippet, URL: "/zoeken/klik?" + v.Encode()}
}

// followSearchResult records which result was opened and sends the resident on to the article.
func (h *Handler) followSearchResult(w http.ResponseWriter, r *http.Request) {
	searchID, id := r.URL.Query().Get("s"), r.URL.Query().Get("a")
	a, err := h.deps.Store.Article(r.Context(), id)
	if err != nil || !a.Published() {
		h.notFound(w, r)
		return
	}
	if len(searchID) == 24 {
		if err := h.deps.Store.AddSearchClick(r.Context(), searchID, a.ID); err != nil {
			h.deps.Log.Error("record search click", "err", err)
		}
	}
	target := kb.Path(a)
	if r.URL.Query().Get("taal") == "en" && a.English != nil {
		target += "?taal=en"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// searchFailed answers a failed search, a page or the API: 400 with a clear message for a query the index
// refuses, 500 for anything else. It reports whether err was an error.
func (h *Handler) searchFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, search.ErrBadQuery):
		h.badRequest(w, r, "De zoekvraag bevat tekens die we niet kunnen verwerken. Gebruik gewone woorden.")
	default:
		h.serverError(w, r, err)
	}
	return true
}
