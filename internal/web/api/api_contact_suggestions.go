package api

import (
	"encoding/json"
	"loket/internal/web/respond"
	"net/http"
	"strings"
	"unicode/utf8"
)

// suggestAnswerList is POST /api/v1/suggestions: the three best knowledge-base answers for any text, so a
// telephony or chat system can show answers while the agent listens or types.
func (h *Handler) suggestAnswerList(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	var body apiTextBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be a JSON object {"text": "..."}`)
		return
	}
	text := strings.TrimSpace(body.Text)
	if text == "" || !utf8.ValidString(text) {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "text is empty", Fields: map[string]string{"text": "required"}})
		return
	}
	list, err := h.deps.Search.SuggestReplies(h.deps.BaseURL, text)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusOK, map[string]any{"suggestions": h.toAPIAnswerSuggestions(list)})
}

// apiTextBody is the JSON body of POST /api/v1/suggestions.
type apiTextBody struct {
	Text string `json:"text"`
}
