package console

import (
	"net/http"
	"strconv"
)

// mergeConversation moves this conversation into another of the same person.
func (h *Handler) mergeConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	into, err := strconv.ParseInt(r.PostForm.Get("naar"), 10, 64)
	if err != nil {
		h.badRequest(w, r, "Kies het gesprek waar u dit gesprek aan toevoegt.")
		return
	}
	if err := h.deps.Store.MergeConversations(r.Context(), id, into); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "merge", "conversation", strconv.FormatInt(id, 10), "into "+strconv.FormatInt(into, 10))
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(into, 10), http.StatusSeeOther)
}
