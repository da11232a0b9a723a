package public

import (
	"net/http"
	"strings"

	"loket/internal/kb"
	"loket/internal/web/render"
)

type articleData struct {
	Article  kb.Article
	Related  []kb.Article
	Thanks   bool
	Feedback feedbackForm
	// RequestURL is the start of the online request form, when the product has one.
	RequestURL string
	// AppointmentURL starts booking a counter appointment for the product, when it needs one.
	AppointmentURL string
	// English is set when the page shows the article's English title and summary (?taal=en), and
	// EnglishBody when its body is English too; HasEnglish offers the English version on the Dutch page.
	English, EnglishBody, HasEnglish bool
}

func (h *Handler) showArticle(w http.ResponseWriter, r *http.Request) {
	a, ok := h.publishedArticle(w, r)
	if !ok {
		return
	}
	h.deps.Insight.PageView(a.Article.ID)
	h.renderArticle(w, r, http.StatusOK, a, feedbackForm{})
}

// publishedArticle loads the article named in the path (from memory once read) and checks that its URL
// matches its type; a draft or unknown article is the 404 page.
func (h *Handler) publishedArticle(w http.ResponseWriter, r *http.Request) (cachedArticle, bool) {
	e, found, err := h.articles.published(r.Context(), r.PathValue("id"))
	a := e.Article
	switch {
	case err != nil:
		h.serverError(w, r, err)
		return e, false
	case !found:
		h.notFound(w, r)
		return e, false
	case strings.HasPrefix(r.URL.Path, "/producten/") || strings.HasPrefix(r.URL.Path, "/vragen/"):
		if kb.Path(a) != r.URL.Path {
			http.Redirect(w, r, kb.Path(a), http.StatusMovedPermanently)
			return e, false
		}
	}
	return e, true
}

func (h *Handler) renderArticle(w http.ResponseWriter, r *http.Request, status int, e cachedArticle, form feedbackForm) {
	a := e.Article // a copy: the English version below does not change the cached article
	data := articleData{Article: a, Related: e.Related, Thanks: r.URL.Query().Get("bedankt") == "1", Feedback: form,
		HasEnglish: a.English != nil}
	if en := a.English; en != nil && r.URL.Query().Get("taal") == "en" {
		data.English, data.Article.Title, data.Article.Summary = true, en.Title, en.Summary
		if en.Body != "" {
			data.EnglishBody, data.Article.Body = true, en.Body
		}
	}
	data.RequestURL = h.requestURL(r, a)
	if a.Type == kb.TypeProduct {
		data.AppointmentURL = h.appointmentURL(r, a.ID)
	}
	h.render(w, r, status, "article", render.Page{Title: a.Title, Data: data, Breadcrumbs: []render.Crumb{
		{Label: "Home", URL: "/"}, {Label: a.Theme, URL: "/thema/" + kb.ThemeSlug(a.Theme)}, {Label: a.Title, URL: ""}}})
}
