package console

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// Lock-out policy: after maxLoginFailures wrong passwords in a row the account is locked for lockDuration.
const (
	maxLoginFailures = 5
	lockDuration     = 15 * time.Minute
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
	u, err := h.deps.Store.StaffUserByEmail(r.Context(), form.Email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		auth.CheckPassword(dummyHash, r.PostForm.Get("wachtwoord")) // same work as a real check: no timing hint
		fail(http.StatusUnauthorized, "Het e-mailadres of het wachtwoord klopt niet.")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if u.LockedUntil.After(time.Now()) {
		fail(http.StatusTooManyRequests, "Uw account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.")
		return
	}
	ok, err := auth.CheckPassword(u.PasswordHash, r.PostForm.Get("wachtwoord"))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if !ok {
		if err := h.deps.Store.RecordLoginFailure(r.Context(), u.ID, maxLoginFailures, lockDuration); err != nil {
			h.serverError(w, r, err)
			return
		}
		fail(http.StatusUnauthorized, "Het e-mailadres of het wachtwoord klopt niet.")
		return
	}
	if h.askSecondFactor(w, r, u, form.Back) { // TOTP, when the account has it (totp_verify.go)
		return
	}
	secret := auth.NewSecret()
	if err := h.deps.Store.RecordLoginSuccess(r.Context(), u.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.deps.Store.AddSession(r.Context(), auth.HashSecret(secret), u.ID, time.Now().Add(staffauth.SessionLifetime)); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.SetSessionCookie(w, secret, int(staffauth.SessionLifetime.Seconds()))
	h.deps.Store.Audit(r.Context(), store.AuditEntry{Actor: u.Email, Action: "login", ObjectType: "user", ObjectID: u.Email})
	http.Redirect(w, r, form.Back, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(staffauth.SessionCookie); err == nil {
		if err := h.deps.Store.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	h.auth.SetSessionCookie(w, "", -1)
	http.Redirect(w, r, "/beheer/inloggen?uit=1", http.StatusSeeOther)
}

// safeBack only allows a return path inside the console, never another site.
func safeBack(p string) string {
	if strings.HasPrefix(p, "/beheer") && !strings.HasPrefix(p, "//") && !strings.Contains(p, "\\") {
		return p
	}
	return "/beheer"
}

var dummyHash = func() string {
	h, _ := auth.HashPassword("not a real password, used for timing")
	return h
}()
