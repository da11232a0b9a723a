package public

import (
	"errors"
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
	h.deps.Insight.PageView(a.ID)
	h.renderArticle(w, r, http.StatusOK, a, feedbackForm{})
}

// publishedArticle loads the article named in the path and checks that its URL matches its type.
func (h *Handler) publishedArticle(w http.ResponseWriter, r *http.Request) (kb.Article, bool) {
	a, err := h.deps.Store.Article(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, kb.ErrNotFound):
		h.notFound(w, r)
		return a, false
	case err != nil:
		h.serverError(w, r, err)
		return a, false
	case !a.Published():
		h.notFound(w, r)
		return a, false
	case strings.HasPrefix(r.URL.Path, "/producten/") || strings.HasPrefix(r.URL.Path, "/vragen/"):
		if kb.Path(a) != r.URL.Path {
			http.Redirect(w, r, kb.Path(a), http.StatusMovedPermanently)
			return a, false
		}
	}
	return a, true
}

func (h *Handler) renderArticle(w http.ResponseWriter, r *http.Request, status int, a kb.Article, form feedbackForm) {
	data := articleData{Article: a, Thanks: r.URL.Query().Get("bedankt") == "1", Feedback: form, HasEnglish: a.English != nil}
	if e := a.English; e != nil && r.URL.Query().Get("taal") == "en" {
		data.English, data.Article.Title, data.Article.Summary = true, e.Title, e.Summary
		if e.Body != "" {
			data.EnglishBody, data.Article.Body = true, e.Body
		}
	}
	data.RequestURL = h.requestURL(r, a)
	if a.Type == kb.TypeProduct {
		data.AppointmentURL = h.appointmentURL(r, a.ID)
	}
	for _, id := range a.Related {
		rel, err := h.deps.Store.Article(r.Context(), id)
		if err == nil && rel.Published() {
			data.Related = append(data.Related, rel)
		}
	}
	h.render(w, r, status, "article", render.Page{Title: a.Title, Data: data, Breadcrumbs: []render.Crumb{
		{Label: "Home", URL: "/"}, {Label: a.Theme, URL: "/thema/" + kb.ThemeSlug(a.Theme)}, {Label: a.Title, URL: ""}}})
}
