package identity_test

import (
	"context"
	"errors"

	"net/url"
	"testing"

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
