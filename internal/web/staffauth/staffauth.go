// Package staffauth identifies staff members (session cookie or bearer token), checks their role on every
// staff route, and lists those routes with their roles for the role-matrix test.
package staffauth

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/store"
)

const (
	// SessionCookie is the name of the console's session cookie.
	SessionCookie = "loket_sessie"
	// SessionLifetime is how long a console session lasts: one working day.
	SessionLifetime = 9 * time.Hour
)

// Role groups used in the route tables.
var (
	AnyStaff  = auth.Roles
	Editors   = []auth.Role{auth.RoleEditor, auth.RoleAdmin}
	Agents    = []auth.Role{auth.RoleAgent, auth.RoleManager, auth.RoleAdmin}
	Handlers  = []auth.Role{auth.RoleHandler, auth.RoleManager, auth.RoleAdmin}
	Managers  = []auth.Role{auth.RoleManager, auth.RoleAdmin}
	AdminOnly = []auth.Role{auth.RoleAdmin}
	// InsightViewers may see the task catalogue and the online team's dashboards; editors also change tasks.
	InsightViewers = []auth.Role{auth.RoleEditor, auth.RoleManager, auth.RoleAdmin}
)

// RouteAccess is one staff route with the roles that may use it; the role-matrix test walks all of them.
type RouteAccess struct {
	Pattern string
	Roles   []auth.Role
}

// Auth finds the staff member behind a request and writes the audit trail of what they do.
type Auth struct {
	store         *store.Store
	log           *slog.Logger
	secureCookies bool
}

// New is the staff authentication of a site served at baseURL; cookies are Secure on https.
func New(st *store.Store, log *slog.Logger, baseURL string) *Auth {
	return &Auth{store: st, log: log, secureCookies: strings.HasPrefix(baseURL, "https://")}
}

// Refuser answers a refused staff request in the surface's own way (a redirect and an HTML page in the
// console, a JSON error in the API).
type Refuser interface {
	// Unauthenticated answers a request without a valid session or token.
	Unauthenticated(w http.ResponseWriter, r *http.Request)
	// Forbidden answers a signed-in staff member whose role may not use the route.
	Forbidden(w http.ResponseWriter, r *http.Request, st auth.Staff, roles []auth.Role)
	// ServerError logs err and answers 500.
	ServerError(w http.ResponseWriter, r *http.Request, err error)
}

// Routes registers a surface's staff routes on its mux and remembers them with their roles.
type Routes struct {
	mux    *http.ServeMux
	auth   *Auth
	refuse Refuser
	list   []RouteAccess
}

// Routes starts the staff route table of one surface.
func (a *Auth) Routes(mux *http.ServeMux, refuse Refuser) *Routes {
	return &Routes{mux: mux, auth: a, refuse: refuse}
}

// Handle registers a route that only the given roles may use.
func (rt *Routes) Handle(pattern string, roles []auth.Role, h http.HandlerFunc) {
	rt.list = append(rt.list, RouteAccess{Pattern: pattern, Roles: roles})
	rt.mux.HandleFunc(pattern, rt.auth.Require(roles, rt.refuse, h))
}

// Access lists every route registered through Handle, in order.
func (rt *Routes) Access() []RouteAccess { return rt.list }

// Identify finds the staff member behind a request: a bearer token (API) or a session cookie (console).
// Both work on every staff route. Without either it returns store.ErrNotFound.
func (a *Auth) Identify(r *http.Request) (auth.Staff, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || !auth.LooksLikeToken(token) {
			return auth.Staff{}, store.ErrNotFound
		}
		return a.store.TokenStaff(r.Context(), auth.HashSecret(token))
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || len(c.Value) != 43 {
		return auth.Staff{}, store.ErrNotFound
	}
	return a.store.SessionStaff(r.Context(), auth.HashSecret(c.Value))
}

// Require checks on every request that a staff member is signed in and has one of the roles.
func (a *Auth) Require(roles []auth.Role, refuse Refuser, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, err := a.Identify(r)
		switch {
		case errors.Is(err, store.ErrNotFound):
			refuse.Unauthenticated(w, r)
			return
		case err != nil:
			refuse.ServerError(w, r, err)
			return
		}
		r = r.WithContext(auth.WithStaff(r.Context(), st))
		// A read-only token reads: any method that may change something is refused like a missing role.
		readOnlyRefused := st.ReadOnly() && r.Method != http.MethodGet && r.Method != http.MethodHead
		if !slices.Contains(roles, st.Role) || readOnlyRefused {
			refuse.Forbidden(w, r, st, roles)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r)
	}
}

// Staff returns the signed-in staff member; only call it behind Require.
func Staff(r *http.Request) auth.Staff {
	st, _ := auth.StaffFrom(r.Context())
	return st
}

// Audit writes an audit entry for the signed-in staff member; failures are logged, never shown.
func (a *Auth) Audit(r *http.Request, action, objectType, objectID, detail string) {
	err := a.store.Audit(r.Context(), store.AuditEntry{Actor: Staff(r).Email, Action: action,
		ObjectType: objectType, ObjectID: objectID, Detail: detail})
	if err != nil {
		a.log.Error("audit", "err", err)
	}
}

// SetSessionCookie sets (or, with maxAge < 0, clears) the console's session cookie.
func (a *Auth) SetSessionCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: a.secureCookies, SameSite: http.SameSiteLaxMode})
}
