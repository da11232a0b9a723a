package public

import (
	"net/http"
)

// logoutPage sends the browser on to the broker's end_session, so the DigiD/eHerkenning session ends too.
type logoutPage struct {
	BrokerLogout string
}

// logout ends the session at loket and then at the broker. The page's form-action policy keeps a form
// from redirecting to the broker, so the page continues there by itself (and offers a link).
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	var end string
	if c, err := r.Cookie(residentCookie); err == nil {
		if end, err = h.deps.Identity.Logout(r.Context(), c.Value); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	h.clearCookie(w, residentCookie)
	w.Header().Set("Cache-Control", "no-store")
	if end == "" {
		http.Redirect(w, r, "/uitgelogd", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "logout", renderPage("Uitloggen", logoutPage{BrokerLogout: end}))
}

// showLoggedOut is where the broker returns after end_session.
func (h *Handler) showLoggedOut(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "logged_out", renderPage("U bent uitgelogd", struct{ Expired bool }{r.URL.Query().Get("reden") == "verlopen"}))
}
