package identity_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestStaffGetTheRoleOfTheirGroup(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	const staffCallback = "http://loket.test/beheer/inloggen/sso/terug"
	p := identitytest.Broker(t, staffCallback, "http://loket.test/beheer/inloggen", false)
	roles, err := identity.ParseRoleMappings("loket-beheer=admin; loket-behandelaars=handler; loket-redactie=editor")
	if err != nil {
		t.Fatal(err)
	}
	sso := identity.NewStaffSSO(st, identity.StaffSettings{Broker: identity.BrokerConfig{Issuer: p.Issuer, ClientID: identitytest.ClientID,
		ClientSecret: identitytest.ClientSecret, RedirectURL: staffCallback, Scopes: []string{"profile"}}, Roles: roles}, nil)
	ctx := context.Background()
	signIn := func(person string) (identity.StaffLogin, error) {
		authURL, state, err := sso.Begin(ctx, "/beheer/aanvragen")
		if err != nil {
			t.Fatal(err)
		}
		back, err := p.Login(ctx, authURL, person, "")
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(back)
		return sso.Finish(ctx, identity.Callback{State: state, Code: u.Query().Get("code")})
	}
	for person, want := range map[string]identity.StaffLogin{
		"medewerker": {Email: "mira@voorbeeld.nl", Name: "Mira Medewerker", Role: auth.RoleHandler, ReturnTo: "/beheer/aanvragen"},
		"redacteur":  {Email: "rob@voorbeeld.nl", Name: "Rob Redacteur", Role: auth.RoleEditor, ReturnTo: "/beheer/aanvragen"},
	} {
		got, err := signIn(person)
		if got.IDToken == "" {
			t.Errorf("%s: sign-in without the ID token to sign out with", person)
		}
		got.IDToken = ""
		if err != nil || got != want {
			t.Errorf("%s: %+v %v, want %+v", person, got, err, want)
		}
	}
	if _, err := signIn("gast"); !errors.Is(err, identity.ErrNoRole) {
		t.Errorf("a member of no mapped group: %v, want ErrNoRole", err)
	}
	if _, err := signIn("jan"); err == nil {
		t.Error("a person without an e-mail address signed in")
	}
	if _, err := identity.ParseRoleMappings("groep=baas"); err == nil {
		t.Error("an unknown role was accepted")
	}
}

// TestStaffSignOutEndsTheProviderSession: signing out of a session that signed in through SSO sends the
// browser to the provider's end_session_endpoint (from discovery) with id_token_hint and
// post_logout_redirect_uri; the provider ends its session and sends the browser back. Once.
func TestStaffSignOutEndsTheProviderSession(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	const staffCallback, afterSignOut = "http://loket.test/beheer/inloggen/sso/terug", "http://loket.test/beheer/inloggen"
	p := identitytest.Broker(t, staffCallback, afterSignOut, false)
	roles, _ := identity.ParseRoleMappings("loket-behandelaars=handler")
	sso := identity.NewStaffSSO(st, identity.StaffSettings{Broker: identity.BrokerConfig{Issuer: p.Issuer, ClientID: identitytest.ClientID,
		ClientSecret: identitytest.ClientSecret, RedirectURL: staffCallback, Scopes: []string{"profile"}}, Roles: roles,
		PostLogoutURL: afterSignOut}, nil)
	ctx := context.Background()
	authURL, state, err := sso.Begin(ctx, "/beheer")
	if err != nil {
		t.Fatal(err)
	}
	back, err := p.Login(ctx, authURL, "medewerker", "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(back)
	login, err := sso.Finish(ctx, identity.Callback{State: state, Code: u.Query().Get("code")})
	if err != nil {
		t.Fatal(err)
	}
	if err := sso.Remember(ctx, "session-hash-1", login, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if end, err := sso.Logout(ctx, "a-password-session"); err != nil || end != "" {
		t.Errorf("signing out of a session without SSO: %q %v, want nothing at the provider", end, err)
	}
	end, err := sso.Logout(ctx, "session-hash-1")
	if err != nil || !strings.HasPrefix(end, p.Issuer+"/end_session?") {
		t.Fatalf("sign-out URL %q %v, want the provider's end_session endpoint", end, err)
	}
	q, _ := url.Parse(end)
	if q.Query().Get("id_token_hint") != login.IDToken || q.Query().Get("post_logout_redirect_uri") != afterSignOut ||
		q.Query().Get("client_id") != identitytest.ClientID {
		t.Errorf("sign-out URL parameters %v", q.Query())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(end)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != afterSignOut {
		t.Errorf("provider sent the browser to %q, want %q", loc, afterSignOut)
	}
	if got := p.Terminated(); len(got) != 1 || got[0] != "medewerker" {
		t.Errorf("provider ended the sessions of %v, want [medewerker]", got)
	}
	if again, err := sso.Logout(ctx, "session-hash-1"); err != nil || again != "" {
		t.Errorf("second sign-out: %q %v, want nothing left", again, err)
	}
}
