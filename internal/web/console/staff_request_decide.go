package console

import (
	"net/http"

	"loket/internal/request"
)

// decideRequest records the decision; the service writes the letter from the outcome's template.
func (h *Handler) decideRequest(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "besluit", func(by request.Staff) error {
		_, err := h.deps.Requests.Decide(r.Context(), r.PathValue("ref"), by, r.PostForm.Get("uitkomst"), r.PostForm.Get("tekst"))
		return err
	})
}
