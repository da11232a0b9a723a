package console

import (
	"mime"
	"net/http"
	"strconv"
)

// downloadAttachment serves an attachment as a download, never inline, so a file cannot run in loket's origin.
func (h *Handler) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok := conversationID(r)
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if !ok || err != nil {
		h.notFound(w, r)
		return
	}
	a, err := h.deps.Store.Attachment(r.Context(), id, aid)
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "download", "attachment", strconv.FormatInt(aid, 10), "conversation "+strconv.FormatInt(id, 10))
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Write(a.Data)
}
