package public

import (
	"errors"
	"net/http"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/upload"
)

// showRequesterFile serves a file of a request to whoever holds its status link.
func (h *Handler) showRequesterFile(w http.ResponseWriter, r *http.Request) {
	req, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	h.serveRequestFile(w, r, req.Request)
}

// serveRequestFile sends a stored file of this request as a download.
func (h *Handler) serveRequestFile(w http.ResponseWriter, r *http.Request, req request.Request) {
	err := upload.ServeRequestFile(w, r, h.deps.Store, h.deps.DataDir, req)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
	case err != nil:
		h.serverError(w, r, err)
	}
}
