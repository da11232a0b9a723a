package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/store"
)

const (
	sessionCookie   = "loket_sessie"
	sessionLifetime = 9 * time.Hour // one working day
)

// Role groups used in the route table.
var (
	anyStaff  = auth.Roles
	editors   = []auth.Role{auth.RoleEditor, auth.RoleAdmin}
	agents    = []auth.Role{auth.RoleAgent, auth.RoleManager, auth.RoleAdmin}
	handlers  = []auth.Role{auth.RoleHandler, auth.RoleManager, auth.RoleAdmin}
	managers  = []auth.Role{auth.RoleManager, auth.RoleAdmin}
	adminOnly = []auth.Role{auth.RoleAdmin}
)

// RouteAccess is one staff route with the roles that may use it; the role-matrix test walks all of them.
type RouteAccess struct {
	Pattern string
	Roles   []auth.Role
}

// StaffRoutes lists every staff route registered by Handler.
func (s *Server) StaffRoutes() []RouteAccess { return s.staffRoutes }

// staffRoute registers a route that only the given roles may use.
func (s *Server) staffRoute(mux *http.ServeMux, pattern string, roles []auth.Role, h http.HandlerFunc) {
	s.staffRoutes = append(s.staffRoutes, RouteAccess{Pattern: pattern, Roles: roles})
	mux.HandleFunc(pattern, s.requireRole(roles, h))
}

// identify finds the staff member behind a request: a bearer token (API) or a session cookie (console).
func (s *Server) identify(r *http.Request) (auth.Staff, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || !auth.LooksLikeToken(token) {
			return auth.Staff{}, store.ErrNotFound
		}
		return s.deps.Store.TokenStaff(r.Context(), auth.HashSecret(token))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || len(c.Value) != 43 {
		return auth.Staff{}, store.ErrNotFound
	}
	return s.deps.Store.SessionStaff(r.Context(), auth.HashSecret(c.Value))
}

// requireRole checks on every request that a staff member is signed in and has one of the roles.
func (s *Server) requireRole(roles []auth.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(r.URL.Path, "/api/")
		st, err := s.identify(r)
		switch {
		case errors.Is(err, store.ErrNotFound) && api:
			w.Header().Set("WWW-Authenticate", `Bearer realm="loket"`)
			s.apiFail(w, http.StatusUnauthorized, "missing or invalid bearer token")
			return
		case errors.Is(err, store.ErrNotFound):
			target := r.URL.Path
			if r.Method != http.MethodGet {
				target = "/beheer"
			}
			http.Redirect(w, r, "/beheer/inloggen?terug="+url.QueryEscape(target), http.StatusSeeOther)
			return
		case err != nil:
			s.serverError(w, r, err)
			return
		}
		r = r.WithContext(auth.WithStaff(r.Context(), st))
		if !slices.Contains(roles, st.Role) {
			s.forbidden(w, r, st, roles)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r)
	}
}

// forbidden says why an action is refused: which role the staff member has and which roles may.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, st auth.Staff, roles []auth.Role) {
	var names []string
	for _, role := range roles {
		names = append(names, roleName(role))
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiFail(w, http.StatusForbidden, "role "+string(st.Role)+" may not do this; allowed: "+joinRoles(roles))
		return
	}
	s.render(w, r, http.StatusForbidden, "staff_error", page{Title: "Geen toegang", Data: errorPage{
		Heading: "U hebt geen toegang tot deze pagina",
		Message: "Uw rol is " + roleName(st.Role) + ". Deze pagina is voor: " + strings.Join(names, ", ") +
			". Hebt u deze toegang nodig voor uw werk? Vraag het aan een beheerder.",
	}})
}

func joinRoles(roles []auth.Role) string {
	var b strings.Builder
	for i, r := range roles {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(r))
	}
	return b.String()
}

// staff returns the signed-in staff member; only call it behind requireRole.
func staff(r *http.Request) auth.Staff {
	st, _ := auth.StaffFrom(r.Context())
	return st
}

// audit writes an audit entry for the signed-in staff member; failures are logged, never shown.
func (s *Server) audit(r *http.Request, action, objectType, objectID, detail string) {
	err := s.deps.Store.Audit(r.Context(), store.AuditEntry{Actor: staff(r).Email, Action: action,
		ObjectType: objectType, ObjectID: objectID, Detail: detail})
	if err != nil {
		s.deps.Log.Error("audit", "err", err)
	}
}

func (s *Server) setSessionCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: strings.HasPrefix(s.deps.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
}
