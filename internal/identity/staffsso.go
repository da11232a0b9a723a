package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"loket/internal/auth"
	"loket/internal/problem"
)

// RoleMapping gives a loket role to the members of a group (or holders of a role) at the identity provider.
type RoleMapping struct {
	Group string
	Role  auth.Role
}

// ParseRoleMappings reads "loket-behandelaars=handler; loket-redactie=editor"; the first mapping whose
// group a person is in decides their role, so list the strongest first.
func ParseRoleMappings(s string) ([]RoleMapping, error) {
	var list []RoleMapping
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		g, r, ok := strings.Cut(part, "=")
		role, err := auth.ParseRole(strings.TrimSpace(r))
		if !ok || strings.TrimSpace(g) == "" || err != nil {
			return nil, fmt.Errorf("%q is not GROUP=ROLE with a role of agent, editor, handler, manager or admin", part)
		}
		list = append(list, RoleMapping{Group: strings.TrimSpace(g), Role: role})
	}
	return list, nil
}

// StaffSettings configure staff sign-in with OpenID Connect.
type StaffSettings struct {
	Broker         BrokerConfig
	GroupsClaim    string // the claim with the groups or roles, e.g. "groups" (Entra ID) or "roles"
	Roles          []RoleMapping
	CreateAccounts bool // make an account at first sign-in
	LocalPasswords bool // false: only SSO signs staff in
	// PostLogoutURL is where the provider sends the browser after ending its session (registered there).
	PostLogoutURL string
	// TestLogin: the provider is the demo's test broker; the sign-in page says so.
	TestLogin bool
}

// StaffStore is what staff sign-in needs from the database: login states used once, and the ID token of
// each SSO session, for ending the provider's session at sign-out.
type StaffStore interface {
	SaveLoginState(ctx context.Context, s LoginState) error
	TakeLoginState(ctx context.Context, stateHash string) (LoginState, error)
	// SaveStaffIDToken keeps a session's ID token until expires (expired ones are removed meanwhile).
	SaveStaffIDToken(ctx context.Context, sessionHash, idToken string, expires time.Time) error
	// TakeStaffIDToken returns and deletes a session's ID token; none wraps problem.ErrNotFound.
	TakeStaffIDToken(ctx context.Context, sessionHash string) (string, error)
}

// StaffSSO owns staff sign-in through the organisation's identity provider: the code flow with PKCE, the
// ID token checked as for residents, and the role from the groups claim.
type StaffSSO struct {
	store    StaffStore
	broker   *broker
	settings StaffSettings
	clock    func() time.Time
}

// NewStaffSSO builds staff sign-in; without an issuer it is off (Enabled is false).
func NewStaffSSO(st StaffStore, s StaffSettings, clock func() time.Time) *StaffSSO {
	if clock == nil {
		clock = time.Now
	}
	if s.GroupsClaim == "" {
		s.GroupsClaim = "groups"
	}
	sso := &StaffSSO{store: st, settings: s, clock: clock}
	if s.Broker.Issuer != "" {
		sso.broker = newBroker(s.Broker, clock)
	}
	return sso
}

// Enabled reports whether staff can sign in with SSO.
func (s *StaffSSO) Enabled() bool { return s != nil && s.broker != nil }

// LocalPasswords reports whether staff may still sign in with a loket password.
func (s *StaffSSO) LocalPasswords() bool { return !s.Enabled() || s.settings.LocalPasswords }

// TestLogin reports whether sign-in goes to the demo's test broker.
func (s *StaffSSO) TestLogin() bool { return s.Enabled() && s.settings.TestLogin }

// CreateAccounts reports whether a first sign-in makes an account.
func (s *StaffSSO) CreateAccounts() bool { return s.settings.CreateAccounts }

const staffMeans Means = "staff"

// Begin starts a sign-in and returns the provider URL and the state to bind to the browser.
func (s *StaffSSO) Begin(ctx context.Context, returnTo string) (string, string, error) {
	if !s.Enabled() {
		return "", "", refuse(ErrNotConfigured, nil)
	}
	state, nonce, verifier := randomString(), randomString(), randomString()+randomString()
	authURL, err := s.broker.authURL(ctx, state, nonce, verifier, "")
	if err != nil {
		return "", "", err
	}
	err = s.store.SaveLoginState(ctx, LoginState{StateHash: stateHash(state), Nonce: nonce, Verifier: verifier, Means: staffMeans,
		ReturnTo: returnTo, CreatedAt: s.clock().UTC()})
	return authURL, state, err
}

// StaffLogin is a verified staff sign-in: who, and the role their groups give.
type StaffLogin struct {
	Email, Name string
	Role        auth.Role
	ReturnTo    string
	IDToken     string // the raw ID token, kept with the session for the provider's sign-out (Remember)
}

// ErrNoRole refuses a sign-in whose groups map to no loket role.
var ErrNoRole = errors.New("identity: no loket role for these groups")

// Finish completes a staff sign-in.
func (s *StaffSSO) Finish(ctx context.Context, cb Callback) (StaffLogin, error) {
	if !s.Enabled() {
		return StaffLogin{}, refuse(ErrNotConfigured, nil)
	}
	ls, err := s.store.TakeLoginState(ctx, stateHash(cb.State))
	if errors.Is(err, problem.ErrNotFound) || (err == nil && (ls.Means != staffMeans || s.clock().Sub(ls.CreatedAt) > stateTTL)) {
		return StaffLogin{}, refuse(ErrStateUnknown, err)
	}
	if err != nil {
		return StaffLogin{}, err
	}
	if cb.Error != "" {
		return StaffLogin{}, refuse(ErrDenied, fmt.Errorf("%s: %s", cb.Error, cb.ErrorDesc))
	}
	v, err := s.broker.exchange(ctx, cb.Code, ls.Verifier, ls.Nonce)
	if err != nil {
		return StaffLogin{}, err
	}
	email := claimString(v.claims, "email")
	if email == "" {
		email = claimString(v.claims, "preferred_username")
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return StaffLogin{}, problem.Wrap(problem.Forbidden, "Uw organisatie gaf geen e-mailadres door. Daarom kunt u niet inloggen.", errors.New("no email claim"))
	}
	role, ok := s.roleOf(v.claims)
	if !ok {
		return StaffLogin{}, problem.Wrap(problem.Forbidden, "U hebt geen rol in loket. Vraag de beheerder om u toe te voegen aan de juiste groep.", ErrNoRole)
	}
	return StaffLogin{Email: strings.ToLower(email), Name: claimString(v.claims, "name"), Role: role, ReturnTo: ls.ReturnTo, IDToken: v.raw}, nil
}

// Remember keeps the ID token of a sign-in with the staff session (by the hash of its id) until the
// session expires, so signing out can end the provider's session too.
func (s *StaffSSO) Remember(ctx context.Context, sessionHash string, login StaffLogin, expires time.Time) error {
	if !s.Enabled() || login.IDToken == "" {
		return nil
	}
	return s.store.SaveStaffIDToken(ctx, sessionHash, login.IDToken, expires)
}

// Logout forgets the session's ID token and returns the provider's end_session URL (RP-initiated logout:
// id_token_hint, client_id and post_logout_redirect_uri) to send the browser to; "" when the session did
// not sign in through SSO or the provider has no end_session_endpoint.
func (s *StaffSSO) Logout(ctx context.Context, sessionHash string) (string, error) {
	if !s.Enabled() {
		return "", nil
	}
	token, err := s.store.TakeStaffIDToken(ctx, sessionHash)
	if errors.Is(err, problem.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return s.broker.logoutURL(ctx, token, s.settings.PostLogoutURL), nil
}

// roleOf is the role of the first mapping whose group is in the groups claim.
func (s *StaffSSO) roleOf(claims map[string]any) (auth.Role, bool) {
	groups := map[string]bool{}
	switch g := claims[s.settings.GroupsClaim].(type) {
	case []any:
		for _, x := range g {
			if str, ok := x.(string); ok {
				groups[str] = true
			}
		}
	case string:
		for _, x := range strings.Fields(g) {
			groups[x] = true
		}
	}
	for _, m := range s.settings.Roles {
		if groups[m.Group] {
			return m.Role, true
		}
	}
	return "", false
}

func stateHash(state string) string {
	sum := sha256.Sum256([]byte("staff:" + state))
	return hex.EncodeToString(sum[:])
}
