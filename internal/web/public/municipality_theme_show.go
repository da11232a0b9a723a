package public

import (
	"net/http"

	"loket/internal/municipality"
)

func (h *Handler) settings() municipality.Settings { return h.pages.Settings() }

// showThemeCSS serves the municipality's brand colours as NL Design System tokens. The URL in the layout
// carries the settings' version, so the file is cached for a year and a change takes effect at once.
func (h *Handler) showThemeCSS(w http.ResponseWriter, r *http.Request) {
	set := h.settings()
	cacheByVersion(w, r, set.AssetVersion())
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Write([]byte(set.ThemeCSS()))
}

// cacheByVersion caches for a year when the request names the current version, else not at all.
func cacheByVersion(w http.ResponseWriter, r *http.Request, version string) {
	if r.URL.Query().Get("v") == version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
}
