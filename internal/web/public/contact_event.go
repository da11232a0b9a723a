package public

import (
	"errors"
	"net/http"

	"loket/internal/insight"
	"loket/internal/kb"
	"loket/internal/web/respond"
)

// recordContactEvent counts, without personal data, that a resident started typing in the contact form
// (soort=form_started) or opened a suggested answer and left without sending (soort=form_deflected,
// artikel=the article), so the share of questions a suggestion answered can be measured per task.
func (h *Handler) recordContactEvent(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		respond.Fail(w, http.StatusBadRequest, "bad form")
		return
	}
	e := insight.Event{Type: r.PostForm.Get("soort"), Channel: insight.ChannelForm}
	switch e.Type {
	case insight.TypeFormStarted:
	case insight.TypeFormDeflected:
		a, err := h.deps.Store.Article(r.Context(), r.PostForm.Get("artikel"))
		if err != nil && !errors.Is(err, kb.ErrNotFound) {
			h.serverError(w, r, err)
			return
		}
		if err != nil || !a.Published() {
			respond.Fail(w, http.StatusBadRequest, "artikel must name a published article")
			return
		}
		e.ArticleID = a.ID
	default:
		respond.Fail(w, http.StatusBadRequest, "soort must be form_started or form_deflected")
		return
	}
	if !h.limits.Allow(r) {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	h.deps.Insight.Record(e)
	w.WriteHeader(http.StatusNoContent)
}
