package console

import "net/http"

// showRequestFile sends a file of the request; every view is in the audit log.
func (h *Handler) showRequestFile(w http.ResponseWriter, r *http.Request) {
	c, ok := h.staffCase(w, r)
	if !ok {
		return
	}
	h.auth.Audit(r, "view", "request_file", c.Reference, r.PathValue("file"))
	h.serveRequestFile(w, r, c.Request)
}
