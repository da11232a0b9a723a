package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/kb"
)

// setConversationTopic links a conversation to the knowledge-base article it is about (its onderwerpobject).
func (h *Handler) setConversationTopic(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	article := strings.TrimSpace(r.PostForm.Get("artikel"))
	topicType := ""
	if article != "" {
		if _, err := h.deps.Store.Article(r.Context(), article); errors.Is(err, kb.ErrNotFound) {
			h.badRequest(w, r, "Er is geen artikel met de code "+article+".")
			return
		} else if err != nil {
			h.serverError(w, r, err)
			return
		}
		topicType = "article"
	}
	if err := h.deps.Store.SetConversationTopic(r.Context(), id, topicType, article); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "topic", "conversation", strconv.FormatInt(id, 10), article)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
