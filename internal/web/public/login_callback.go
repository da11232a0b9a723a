package public

import (
	"crypto/subtle"
	"net/http"

	"loket/internal/identity"
)

// finishLogin is where the broker sends the browser back: the state must match the cookie of the browser
// that started the login, then the identity service redeems the code and checks the ID token and level.
func (h *Handler) finishLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cb := identity.Callback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error"), ErrorDesc: q.Get("error_description")}
	c, err := r.Cookie(loginCookie)
	h.clearCookie(w, loginCookie)
	w.Header().Set("Cache-Control", "no-store")
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(cb.State)) != 1 {
		cb.State = "" // not this browser's login: the service refuses it as an unknown state
	}
	login, err := h.deps.Identity.Finish(r.Context(), cb)
	if err != nil {
		h.loginRefused(w, r, err)
		return
	}
	h.setCookie(w, residentCookie, login.SessionID, identity.MaxSession)
	http.Redirect(w, r, login.ReturnTo, http.StatusSeeOther)
}
