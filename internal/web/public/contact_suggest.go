package public

import (
	"loket/internal/web/respond"
	"net/http"
	"strings"
	"unicode/utf8"
)

type contactSuggestion struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
}

// suggestContactAnswers gives the three best answers to what a resident is typing in the contact form.
func (h *Handler) suggestContactAnswers(w http.ResponseWriter, r *http.Request) {
	text := strings.TrimSpace(r.URL.Query().Get("tekst"))
	out := []contactSuggestion{}
	if utf8.RuneCountInString(text) < 8 || len(text) > 4000 || !utf8.ValidString(text) {
		respond.JSON(w, http.StatusOK, map[string]any{"suggestions": out})
		return
	}
	list, err := h.deps.Search.SuggestReplies(h.deps.BaseURL, text)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, s := range list {
		out = append(out, contactSuggestion{ID: s.ID, Title: s.Title, Summary: s.Summary, URL: s.Path})
	}
	respond.JSON(w, http.StatusOK, map[string]any{"suggestions": out})
}
