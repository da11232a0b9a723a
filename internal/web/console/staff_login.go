package console

import (
	"net"
	"net/http"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/problem"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type loginForm struct {
	Email, Back, Error string
	SSO                ssoChoice // sign-in with the organisation's account (sso_start.go)
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "staff_login", render.Page{Title: "Inloggen", Data: loginForm{Back: safeBack(r.URL.Query().Get("terug")), SSO: h.ssoChoice()}})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is niet goed verstuurd.")
		return
	}
	form := loginForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Back: safeBack(r.PostForm.Get("terug")), SSO: h.ssoChoice()}
	fail := func(status int, msg string) {
		form.Error = msg
		h.render(w, r, status, "staff_login", render.Page{Title: "Inloggen", Data: form})
	}
	if !form.SSO.LocalPasswords {
		fail(http.StatusForbidden, "Inloggen met een wachtwoord van loket staat uit. Log in met het account van uw organisatie.")
		return
	}
	if !h.logins.Allow(r) {
		fail(http.StatusTooManyRequests, "Te veel pogingen vanaf deze computer. Wacht een paar minuten en probeer het opnieuw.")
		return
	}
	u, err := h.accounts.SignIn(r.Context(), h.throttle, form.Email, r.PostForm.Get("wachtwoord"), clientHost(r))
	switch problem.KindOf(err) {
	case problem.Forbidden:
		fail(http.StatusUnauthorized, problem.MessageOf(err))
		return
	case problem.TooMany: // the throttle's wait, or too many password checks at once
		w.Header().Set("Retry-After", "5")
		fail(http.StatusTooManyRequests, problem.MessageOf(err))
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if h.askSecondFactor(w, r, u.ID, form.Back) { // TOTP, when the account has it or it is required (totp_verify.go)
		return
	}
	secret := auth.NewSecret()
	if err := h.deps.Store.AddSession(r.Context(), auth.HashSecret(secret), u.ID, h.now().Add(staffauth.SessionLifetime)); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.SetSessionCookie(w, secret, int(staffauth.SessionLifetime.Seconds()))
	http.Redirect(w, r, form.Back, http.StatusSeeOther)
}

// logout ends the staff session; a session signed in through SSO also ends at the identity provider
// (RP-initiated logout), through a page that continues there by itself (a form may not redirect to
// another site under the page's form-action policy).
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	var end string
	if c, err := r.Cookie(staffauth.SessionCookie); err == nil {
		hash := auth.HashSecret(c.Value)
		if end, err = h.deps.StaffSSO.Logout(r.Context(), hash); err != nil {
			h.serverError(w, r, err)
			return
		}
		if err := h.deps.Store.DeleteSession(r.Context(), hash); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	h.auth.SetSessionCookie(w, "", -1)
	w.Header().Set("Cache-Control", "no-store")
	if end == "" {
		http.Redirect(w, r, "/beheer/inloggen?uit=1", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "staff_logout", render.Page{Title: "Uitloggen", Data: struct{ ProviderLogout string }{end}})
}

// safeBack only allows a return path inside the console, never another site.
func safeBack(p string) string {
	if strings.HasPrefix(p, "/beheer") && !strings.HasPrefix(p, "//") && !strings.Contains(p, "\\") {
		return p
	}
	return "/beheer"
}

// clientHost is the client's address without the port (the trusted-proxy middleware has set it).
func clientHost(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

func newAccounts(deps Deps) *auth.Accounts {
	if deps.Store == nil {
		return nil
	}
	return auth.NewAccounts(deps.Store.Accounts(), deps.Clock, deps.TokenMaxAge)
}

func newThrottle(clock func() time.Time) *auth.Throttle { return auth.NewThrottle(clock) }
