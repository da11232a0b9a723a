package console

import (
	"loket/internal/web/staffauth"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

func (h *Handler) addConversationNote(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 64<<10)
	if !ok {
		return
	}
	text := strings.TrimSpace(r.PostForm.Get("notitie"))
	if text == "" || utf8.RuneCountInString(text) > 5000 {
		h.badRequest(w, r, "Schrijf een notitie van 1 tot 5000 tekens.")
		return
	}
	if _, err := h.deps.Store.AddNote(r.Context(), id, staffauth.Staff(r).Email, text); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "note", "conversation", strconv.FormatInt(id, 10), "")
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10)+"#berichten", http.StatusSeeOther)
}
