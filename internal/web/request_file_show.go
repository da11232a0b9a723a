package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"loket/internal/request"
	"loket/internal/store"
)

// showRequesterFile serves a file of a request to whoever holds its status link.
func (h *publicHandler) showRequesterFile(w http.ResponseWriter, r *http.Request) {
	req, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	h.serveRequestFile(w, r, req)
}

// serveRequestFile sends a stored file of this request, as a download, with the sniffed content type.
func (s *Server) serveRequestFile(w http.ResponseWriter, r *http.Request, req request.Request) {
	f, err := s.deps.Store.RequestFile(r.Context(), r.PathValue("file"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && f.RequestID != req.ID) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	src, err := (request.Files{Dir: s.deps.DataDir}).Open(f.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer src.Close()
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, src)
}
