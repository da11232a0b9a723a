package console

import "net/http"

// republishArticle is "Weer online zetten": the article comes back with the text it had when it was
// taken offline, not with a concept saved beside it.
func (h *Handler) republishArticle(w http.ResponseWriter, r *http.Request) {
	h.articleAction(w, r, "online", h.articles().Republish)
}
