package public

import (
	"html/template"
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
	// Parts are the article's parts rendered once (nil: rendered live, as for the English view);
	// PlainFeedback says that the page shows the empty feedback form, which Parts holds too.
	Parts         *articleParts
	PlainFeedback bool
}

// articleParts are the parts of an article's Dutch page that change only when the article or its related
// articles change, rendered when the article enters the cache: the text, the facts and the related
// articles, and the empty feedback form. A view renders only what differs per view around them.
type articleParts struct {
	Top, Middle, Feedback, Breadcrumbs template.HTML
}

// renderParts renders the parts of e's Dutch page; nil when one fails, so that views render it live.
func (h *Handler) renderParts(e cachedArticle) *articleParts {
	p := render.Page{Data: articleData{Article: e.Article, Related: e.Related, HasEnglish: e.Article.English != nil}}
	var parts articleParts
	var err error
	if parts.Top, err = h.pages.Fragment("article", "article-top", p); err != nil {
		return nil
	}
	if parts.Middle, err = h.pages.Fragment("article", "article-middle", p); err != nil {
		return nil
	}
	if parts.Feedback, err = h.pages.Fragment("article", "article-feedback", p); err != nil {
		return nil
	}
	if parts.Breadcrumbs, err = h.pages.Breadcrumbs(articleCrumbs(e.Article)); err != nil {
		return nil
	}
	return &parts
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
	data := articleData{Article: a, Related: e.Related, Feedback: form, HasEnglish: a.English != nil}
	query := r.URL.Query()
	data.Thanks = query.Get("bedankt") == "1"
	data.Parts, data.PlainFeedback = e.Parts, !data.Thanks && form == feedbackForm{}
	if en := a.English; en != nil && query.Get("taal") == "en" {
		data.Parts = nil
		data.English, data.Article.Title, data.Article.Summary = true, en.Title, en.Summary
		if en.Body != "" {
			data.EnglishBody, data.Article.Body = true, en.Body
		}
	}
	data.RequestURL = h.requestURL(r, a)
	if a.Type == kb.TypeProduct {
		data.AppointmentURL = h.appointmentURL(r, a.ID)
	}
	page := render.Page{Title: a.Title, Data: data, Breadcrumbs: articleCrumbs(a)}
	if e.Parts != nil { // the trail names the Dutch title in either language
		page.BreadcrumbsHTML = e.Parts.Breadcrumbs
	}
	h.render(w, r, status, "article", page)
}

// articleCrumbs is the breadcrumb trail of an article's page: home, its theme, the article.
func articleCrumbs(a kb.Article) []render.Crumb {
	return []render.Crumb{{Label: "Home", URL: "/"}, {Label: a.Theme, URL: "/thema/" + kb.ThemeSlug(a.Theme)}, {Label: a.Title, URL: ""}}
}
