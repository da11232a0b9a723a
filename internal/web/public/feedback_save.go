package public

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"loket/internal/kb"
	"loket/internal/store"
)

const maxFeedbackComment = 1000

// feedbackForm holds what a resident typed, so an error never loses it.
type feedbackForm struct {
	Useful  string
	Comment string
	Error   string
}

func (h *Handler) saveFeedback(w http.ResponseWriter, r *http.Request) {
	e, ok := h.publishedArticle(w, r)
	if !ok {
		return
	}
	a := e.Article
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	form := feedbackForm{Useful: r.PostForm.Get("nuttig"), Comment: strings.TrimSpace(r.PostForm.Get("toelichting"))}
	switch {
	case r.PostForm.Get("website") != "": // honeypot: people do not see this field, robots fill it in
		http.Redirect(w, r, kb.Path(a)+"?bedankt=1#feedback", http.StatusSeeOther)
		return
	case form.Useful != "ja" && form.Useful != "nee":
		form.Error = "Kies ja of nee."
	case utf8.RuneCountInString(form.Comment) > maxFeedbackComment || !utf8.ValidString(form.Comment):
		form.Error = "Uw toelichting is te lang. Gebruik maximaal 1000 tekens."
	case !h.limits.Allow(r):
		form.Error = "U hebt veel reacties achter elkaar gestuurd. Probeer het over een paar minuten opnieuw."
	}
	if form.Error != "" {
		h.renderArticle(w, r, http.StatusUnprocessableEntity, e, form)
		return
	}
	err := h.deps.Store.AddFeedback(r.Context(), store.Feedback{ArticleID: a.ID, Useful: form.Useful == "ja", Comment: form.Comment})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, kb.Path(a)+"?bedankt=1#feedback", http.StatusSeeOther)
}
