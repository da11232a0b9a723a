package public

import "net/http"

// showLogo serves the municipality's logo. An SVG was checked at upload (no scripts, no links out); it is
// still served with a policy that lets it run nothing, and never sniffed as something else.
func (h *Handler) showLogo(w http.ResponseWriter, r *http.Request) {
	set := h.settings()
	if set.Logo.Empty() {
		h.NotFound(w, r)
		return
	}
	cacheByVersion(w, r, set.AssetVersion())
	w.Header().Set("Content-Type", set.Logo.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Write(set.Logo.Data)
}
