package console

import (
	"net/http"

	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

// showNavCounts is GET /beheer/tellers: the navigation's counters for the signed-in staff member as JSON
// ({"inbox-nobody": 3, ...}, only the counters of sections the role may open), so console-nav.js updates
// them without reloading the page. Never cached: the numbers are personal and change all the time.
func (h *Handler) showNavCounts(w http.ResponseWriter, r *http.Request) {
	st := staffauth.Staff(r)
	w.Header().Set("Cache-Control", "no-store")
	respond.JSON(w, http.StatusOK, h.navCounts(r.Context(), st, navSections(st)))
}
