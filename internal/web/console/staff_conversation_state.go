package console

import (
	"net/http"
	"slices"
	"strconv"

	"loket/internal/contact"
)

func (h *Handler) setConversationState(w http.ResponseWriter, r *http.Request) {
	id, ok := h.conversationForm(w, r, 16<<10)
	if !ok {
		return
	}
	state := r.PostForm.Get("status")
	if !slices.Contains(contact.States, state) {
		h.badRequest(w, r, "Kies een status uit de lijst.")
		return
	}
	if err := h.deps.Store.SetConversationState(r.Context(), id, state, h.deps.Contact); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "state", "conversation", strconv.FormatInt(id, 10), state)
	http.Redirect(w, r, "/beheer/gesprekken/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
