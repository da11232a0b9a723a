package console

import (
	"net/http"
	"time"

	"loket/internal/auth"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// totpCookie carries the challenge between the right password and the code.
const totpCookie = "loket_beheer_code"

type codeForm struct {
	Error string
}

// askSecondFactor is called by the password sign-in once the password is right: an account with a
// second factor gets the code page instead of a session, and true is returned.
func (h *Handler) askSecondFactor(w http.ResponseWriter, r *http.Request, userID int64, back string) bool {
	on, err := h.deps.TOTP.Required(r.Context(), userID)
	if err != nil {
		h.serverError(w, r, err)
		return true
	}
	if !on && (h.deps.TOTP == nil || !h.deps.TOTP.Mandatory) {
		return false
	}
	token, err := h.deps.TOTP.Challenge(r.Context(), userID, back)
	if err != nil {
		h.serverError(w, r, err)
		return true
	}
	http.SetCookie(w, &http.Cookie{Name: totpCookie, Value: token, Path: "/beheer/inloggen", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: h.secureCookies(), MaxAge: int((5 * time.Minute).Seconds())})
	next := "/beheer/inloggen/code"
	if !on { // required, and this account has none yet: it enrols before it gets a session
		next = "/beheer/inloggen/tweede-stap"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return true
}

func (h *Handler) showCodeForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "staff_login_code", render.Page{Title: "Code invullen", Data: codeForm{}})
}

// verifyCode finishes a password sign-in with the code from the authenticator app.
func (h *Handler) verifyCode(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 1<<10) {
		return
	}
	if !h.logins.Allow(r) {
		h.render(w, r, http.StatusTooManyRequests, "staff_login_code", render.Page{Title: "Code invullen", Data: codeForm{Error: "Te veel pogingen. Wacht een paar minuten."}})
		return
	}
	c, err := r.Cookie(totpCookie)
	if err != nil || h.deps.TOTP == nil {
		http.Redirect(w, r, "/beheer/inloggen", http.StatusSeeOther)
		return
	}
	id, back, err := h.deps.TOTP.Verify(r.Context(), c.Value, r.PostForm.Get("code"))
	switch problem.KindOf(err) {
	case problem.Invalid:
		h.render(w, r, http.StatusUnauthorized, "staff_login_code", render.Page{Title: "Fout: Code invullen", Data: codeForm{Error: problem.FieldsOf(err)["code"]}})
		return
	case problem.Forbidden:
		h.render(w, r, http.StatusForbidden, "staff_login", render.Page{Title: "Inloggen", Data: loginForm{Back: "/beheer", Error: problem.MessageOf(err), SSO: h.ssoChoice()}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.startSessionAfterCode(w, r, id, back, "wachtwoord en code")
}

// startSessionAfterCode gives the session a password sign-in earned with its second factor.
func (h *Handler) startSessionAfterCode(w http.ResponseWriter, r *http.Request, id int64, back, how string) {
	u, err := h.deps.Store.StaffUser(r.Context(), id)
	if err != nil || u.Disabled {
		http.Redirect(w, r, "/beheer/inloggen", http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: totpCookie, Path: "/beheer/inloggen", MaxAge: -1})
	secret := auth.NewSecret()
	if err := h.deps.Store.RecordLoginSuccess(r.Context(), u.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.deps.Store.AddSession(r.Context(), auth.HashSecret(secret), u.ID, h.now().Add(staffauth.SessionLifetime)); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.SetSessionCookie(w, secret, int(staffauth.SessionLifetime.Seconds()))
	h.deps.Store.Audit(r.Context(), store.AuditEntry{Actor: u.Email, Action: "login", ObjectType: "user", ObjectID: u.Email, Detail: how})
	http.Redirect(w, r, safeBack(back), http.StatusSeeOther)
}
