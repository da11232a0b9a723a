package public

import (
	"net/http"
	"time"

	"loket/internal/identity"
	"loket/internal/problem"
)

// startLogin sends the browser to the broker for DigiD or eHerkenning ({means}) at the level ?niveau
// asks (a product's minimum) and remembers where to return (?terug). It is a link, not a form: the
// page's form-action policy would stop a form from going to the broker.
func (h *Handler) startLogin(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	q := r.URL.Query()
	authURL, state, err := h.deps.Identity.Begin(r.Context(), identity.Means(r.PathValue("means")), q.Get("niveau"), q.Get("terug"))
	if err != nil {
		h.loginRefused(w, r, err)
		return
	}
	h.setCookie(w, loginCookie, state, loginStateCookieAge)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, authURL, http.StatusFound)
}

const loginStateCookieAge = 10 * time.Minute

// loginRefusedPage is the data of the page that says why a login was refused.
type loginRefusedPage struct {
	Message string
	Retry   string
}

// loginRefused shows why a login did not succeed, in plain Dutch, with a way to try again.
func (h *Handler) loginRefused(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusForbidden
	switch problem.KindOf(err) {
	case problem.Internal:
		h.deps.Log.Error("login failed", "err", err)
		status = http.StatusServiceUnavailable
	case problem.NotFound:
		status = http.StatusNotFound
	case problem.Invalid:
		status = http.StatusBadRequest
	default:
		h.deps.Log.Info("login refused", "err", err)
	}
	msg := problem.MessageOf(err)
	if problem.KindOf(err) == problem.Internal {
		msg = "Inloggen lukt nu niet. Probeer het over een paar minuten opnieuw."
	}
	h.render(w, r, status, "login_refused", renderPage("U bent niet ingelogd", loginRefusedPage{Message: msg, Retry: "/inloggen"}))
}
