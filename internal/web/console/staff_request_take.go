package console

import (
	"net/http"

	"loket/internal/request"
)

// takeRequest assigns the request to the signed-in handler.
func (h *Handler) takeRequest(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "oppakken", func(by request.Staff) error {
		_, err := h.deps.Requests.Take(r.Context(), r.PathValue("ref"), by)
		return err
	})
}
