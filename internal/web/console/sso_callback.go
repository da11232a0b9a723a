package console

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"loket/internal/auth"
	"loket/internal/identity"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// finishSSO completes a staff sign-in: the provider's answer is checked by the identity service, the
// account is found by e-mail address (or made, when allowed), its role follows the person's groups, and a
// session starts.
func (h *Handler) finishSSO(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cb := identity.Callback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error"), ErrorDesc: q.Get("error_description")}
	c, err := r.Cookie(staffLoginCookie)
	http.SetCookie(w, &http.Cookie{Name: staffLoginCookie, Path: "/beheer", HttpOnly: true, MaxAge: -1})
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(cb.State)) != 1 {
		cb.State = ""
	}
	login, err := h.deps.StaffSSO.Finish(r.Context(), cb)
	if err != nil {
		h.ssoProblem(w, r, err)
		return
	}
	u, err := h.ssoAccount(r, login)
	if err != nil {
		h.ssoProblem(w, r, err)
		return
	}
	secret := auth.NewSecret()
	expires := h.now().Add(staffauth.SessionLifetime)
	if err := h.deps.Store.AddSession(r.Context(), auth.HashSecret(secret), u.ID, expires); err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.deps.StaffSSO.Remember(r.Context(), auth.HashSecret(secret), login, expires); err != nil { // for sign-out at the provider
		h.serverError(w, r, err)
		return
	}
	h.auth.SetSessionCookie(w, secret, int(staffauth.SessionLifetime.Seconds()))
	h.deps.Store.Audit(r.Context(), store.AuditEntry{Actor: u.Email, Action: "login", ObjectType: "user", ObjectID: u.Email, Detail: "sso, rol " + string(login.Role)})
	http.Redirect(w, r, safeBack(login.ReturnTo), http.StatusSeeOther)
}

// ssoAccount is the account of a staff sign-in, with the role the groups give now.
func (h *Handler) ssoAccount(r *http.Request, login identity.StaffLogin) (store.StaffUser, error) {
	ctx := r.Context()
	u, err := h.deps.Store.StaffUserByEmail(ctx, login.Email)
	switch {
	case errors.Is(err, store.ErrNotFound) && h.deps.StaffSSO.CreateAccounts():
		// A password nobody knows: this account signs in through SSO.
		hash, err := auth.HashPassword(auth.NewSecret())
		if err != nil {
			return u, err
		}
		name := login.Name
		if name == "" {
			name = strings.Split(login.Email, "@")[0]
		}
		u = store.StaffUser{Staff: auth.Staff{Email: login.Email, Name: name, Role: login.Role}, PasswordHash: hash}
		if u.ID, err = h.deps.Store.AddStaffUser(ctx, u); err != nil {
			return u, err
		}
		h.deps.Store.Audit(ctx, store.AuditEntry{Actor: login.Email, Action: "create", ObjectType: "user", ObjectID: login.Email, Detail: "eerste inlog via sso"})
		return u, nil
	case errors.Is(err, store.ErrNotFound):
		return u, problem.New(problem.Forbidden, "Er is nog geen account in loket voor "+login.Email+". Vraag de beheerder om een account.")
	case err != nil:
		return u, err
	case u.Disabled:
		return u, problem.New(problem.Forbidden, "Uw account in loket is geblokkeerd. Vraag de beheerder wat er aan de hand is.")
	}
	if u.Role != login.Role {
		before := u.Role
		u.Role = login.Role
		if err := h.deps.Store.UpdateStaffUser(ctx, u); err != nil {
			return u, err
		}
		h.deps.Store.Audit(ctx, store.AuditEntry{Actor: login.Email, Action: "update", ObjectType: "user", ObjectID: login.Email,
			Detail: "rol " + string(before) + " → " + string(login.Role) + " volgens groep bij sso"})
	}
	return u, nil
}

// ssoProblem shows why a staff sign-in was refused.
func (h *Handler) ssoProblem(w http.ResponseWriter, r *http.Request, err error) {
	if problem.KindOf(err) == problem.Internal {
		h.deps.Log.Error("staff sso", "err", err)
		h.ssoRefused(w, r, http.StatusServiceUnavailable, "Inloggen via uw organisatie lukt nu niet. Probeer het over een paar minuten opnieuw.")
		return
	}
	h.deps.Log.Info("staff sso refused", "err", err)
	h.ssoRefused(w, r, http.StatusForbidden, problem.MessageOf(err))
}

func (h *Handler) ssoRefused(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.render(w, r, status, "staff_login", render.Page{Title: "Inloggen", Data: loginForm{Back: "/beheer", Error: msg, SSO: h.ssoChoice()}})
}
