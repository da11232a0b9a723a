package console

import (
	"net/http"
	"strings"
	"time"
)

// ssoChoice is what the sign-in page offers.
type ssoChoice struct {
	Enabled        bool // sign-in with the organisation's account
	LocalPasswords bool // the e-mail and password form
	Test           bool // the demo's test broker signs staff in with test persons
}

func (h *Handler) ssoChoice() ssoChoice {
	return ssoChoice{Enabled: h.deps.StaffSSO.Enabled(), LocalPasswords: h.deps.StaffSSO.LocalPasswords(), Test: h.deps.StaffSSO.TestLogin()}
}

// staffLoginCookie binds the provider's return to the browser that started the sign-in.
const staffLoginCookie = "loket_beheer_inlog"

// startSSO sends the browser to the organisation's identity provider. It is a link, not a form: the
// form-action policy would stop a form from going there.
func (h *Handler) startSSO(w http.ResponseWriter, r *http.Request) {
	if !h.logins.Allow(r) {
		h.ssoRefused(w, r, http.StatusTooManyRequests, "Te veel pogingen vanaf deze computer. Wacht een paar minuten en probeer het opnieuw.")
		return
	}
	authURL, state, err := h.deps.StaffSSO.Begin(r.Context(), safeBack(r.URL.Query().Get("terug")))
	if err != nil {
		h.ssoProblem(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: staffLoginCookie, Value: state, Path: "/beheer", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: h.secureCookies(), MaxAge: int((10 * time.Minute).Seconds())})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, authURL, http.StatusFound)
}

func (h *Handler) secureCookies() bool { return strings.HasPrefix(h.deps.BaseURL, "https://") }
