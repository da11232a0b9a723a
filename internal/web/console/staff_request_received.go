package console

import (
	"net/http"

	"loket/internal/request"
)

// markInformationReceived records that the asked information arrived; the term runs again.
func (h *Handler) markInformationReceived(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "ontvangen", func(by request.Staff) error {
		_, err := h.deps.Requests.MarkInformationReceived(r.Context(), r.PathValue("ref"), by)
		return err
	})
}
