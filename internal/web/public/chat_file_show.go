package public

import (
	"mime"
	"net/http"
	"strconv"

	"loket/internal/auth"
	"loket/internal/web/respond"
)

// showChatFile sends the resident a file of their chat as a download: a POST with the chat token and the
// file's id in the body (a token never goes in a URL), answered as an attachment that cannot run in
// loket's origin.
func (h *Handler) showChatFile(w http.ResponseWriter, r *http.Request) {
	if h.deps.Chat == nil {
		h.notFound(w, r)
		return
	}
	if !h.parseForm(w, r, 4<<10) {
		return
	}
	token := r.PostForm.Get("token")
	id, err := strconv.ParseInt(r.PostForm.Get("bestand"), 10, 64)
	if len(token) != 43 || err != nil {
		h.notFound(w, r)
		return
	}
	f, err := h.deps.Chat.ResidentFile(r.Context(), auth.HashSecret(token), id)
	if err != nil {
		if respond.ProblemStatus(err) == http.StatusNotFound {
			h.notFound(w, r)
			return
		}
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(f.Data)
}
