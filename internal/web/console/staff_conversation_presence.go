package console

import (
	"net/http"

	"loket/internal/contact"
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// presenceView is one colleague on a conversation, as the page's script shows it.
type presenceView struct {
	Name   string `json:"name"`
	Typing bool   `json:"typing"`
}

// lookAtConversation is POST /beheer/gesprekken/{id}/aanwezig (typt=1 while typing an answer): the page
// says every few seconds that the agent has it open, and hears which colleagues have it open too.
func (h *Handler) lookAtConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	if !ok || !h.parseForm(w, r, 1<<10) {
		if !ok {
			respond.Fail(w, http.StatusNotFound, "Dit gesprek bestaat niet.")
		}
		return
	}
	st := staffauth.Staff(r)
	agent := contact.Agent{ID: st.ID, Email: st.Email, Name: st.Name}
	if r.PostForm.Get("weg") == "1" {
		if err := h.deps.ContactService.Leave(r.Context(), id, agent); err != nil {
			h.deps.Log.Error("leave conversation", "err", err)
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	viewers, err := h.deps.ContactService.Look(r.Context(), id, agent, r.PostForm.Get("typt") == "1")
	if err != nil {
		h.deps.Log.Error("presence", "err", err)
		respond.Fail(w, http.StatusInternalServerError, "Er ging iets mis bij ons.")
		return
	}
	out := []presenceView{}
	for _, v := range viewers {
		out = append(out, presenceView{Name: v.Name, Typing: v.Typing})
	}
	respond.JSON(w, http.StatusOK, map[string]any{"viewers": out})
}
