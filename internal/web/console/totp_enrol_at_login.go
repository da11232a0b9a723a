package console

import (
	"net/http"

	"loket/internal/problem"
	"loket/internal/web/render"
)

// showEnrolAtLogin is the enrolment a password sign-in must make first when a second factor is required
// and the account has none: the secret, then the first code, and only then a session.
func (h *Handler) showEnrolAtLogin(w http.ResponseWriter, r *http.Request) {
	h.enrolAtLogin(w, r, http.StatusOK, "")
}

func (h *Handler) enrolAtLogin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	c, err := r.Cookie(totpCookie)
	if err != nil || h.deps.TOTP == nil {
		http.Redirect(w, r, "/beheer/inloggen", http.StatusSeeOther)
		return
	}
	id, err := h.deps.TOTP.Pending(r.Context(), c.Value)
	if problem.KindOf(err) == problem.Forbidden {
		h.render(w, r, http.StatusForbidden, "staff_login", render.Page{Title: "Inloggen", Data: loginForm{Back: "/beheer", Error: problem.MessageOf(err), SSO: h.ssoChoice()}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	u, err := h.deps.Store.StaffUser(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p := totpPage{Available: true, Error: msg, AtLogin: true}
	if p.Enrolment, err = h.deps.TOTP.Enrol(r.Context(), id, u.Email); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, status, "staff_totp", render.Page{Title: "Tweede stap aanzetten", Data: p})
}

// confirmEnrolAtLogin turns the second factor on with the first code and finishes the sign-in.
func (h *Handler) confirmEnrolAtLogin(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 1<<10) {
		return
	}
	c, err := r.Cookie(totpCookie)
	if err != nil || h.deps.TOTP == nil {
		http.Redirect(w, r, "/beheer/inloggen", http.StatusSeeOther)
		return
	}
	id, back, err := h.deps.TOTP.ConfirmPending(r.Context(), c.Value, r.PostForm.Get("code"))
	switch problem.KindOf(err) {
	case problem.Invalid:
		h.enrolAtLogin(w, r, http.StatusUnprocessableEntity, problem.FieldsOf(err)["code"])
		return
	case problem.Forbidden:
		h.render(w, r, http.StatusForbidden, "staff_login", render.Page{Title: "Inloggen", Data: loginForm{Back: "/beheer", Error: problem.MessageOf(err), SSO: h.ssoChoice()}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.startSessionAfterCode(w, r, id, back, "wachtwoord, tweede stap aangezet")
}
