package demo

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"loket/internal/config"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/identity/oidctest"
	"loket/internal/request"
)

// TestLoginKey is the demo's encryption key of personal data (32 bytes, base64). It is public: the demo
// holds only test persons. Never use it outside the demo.
const TestLoginKey = "bG9rZXQtZGVtby1zbGV1dGVsLW5pZXQtZWNodCEhISE="

// TestLoginRoles maps the test broker's staff groups to loket's roles.
const TestLoginRoles = "loket-beheer=admin; loket-behandelaars=handler; loket-redactie=editor"

// testLoginNotice is on the test broker's login page.
const testLoginNotice = "Testinlog van de demo van loket. Dit is geen DigiD of eHerkenning: kies een testpersoon. Gebruik nooit echte gegevens."

// TestLogin is the demo's test broker: a real OpenID Connect provider (zitadel's op, the one the tests use)
// on its own port, with test persons to choose from: residents with a test BSN (DigiD), employees of
// companies with a KvK number (eHerkenning) and staff with groups (SSO). Only `loket demo` starts it.
type TestLogin struct {
	Provider *oidctest.Provider
}

// StartTestLogin runs the test broker next to loket at baseURL: on the same host, on a free port (or
// on addr when given), knowing loket's callbacks for residents and staff.
func StartTestLogin(baseURL, addr string) (*TestLogin, error) {
	if addr == "" {
		u, err := url.Parse(baseURL)
		if err != nil {
			return nil, err
		}
		addr = net.JoinHostPort(u.Hostname(), "0")
	}
	labels := map[string]string{}
	for _, l := range identity.DefaultLevels() {
		labels[l.ACR] = l.Label()
	}
	p, err := oidctest.Listen(addr, oidctest.Options{
		Clients: []oidctest.Client{{ID: identitytest.ClientID, Secret: identitytest.ClientSecret,
			RedirectURIs:           []string{baseURL + "/inloggen/terug", baseURL + "/beheer/inloggen/sso/terug"},
			PostLogoutRedirectURIs: []string{baseURL + "/uitgelogd", baseURL + "/beheer/inloggen"}}},
		People: testPeople(), ACRValues: identitytest.ACRValues(), ACRLabels: labels, Notice: testLoginNotice,
	})
	if err != nil {
		return nil, fmt.Errorf("demo test login: %w", err)
	}
	return &TestLogin{Provider: p}, nil
}

// Configure points resident login and staff SSO of cfg at the test broker, unless a real broker or
// identity provider is configured; local staff passwords stay on.
func (t *TestLogin) Configure(cfg *config.Config) {
	cfg.DemoTestLogin = true
	if cfg.IdentityIssuer == "" {
		cfg.IdentityIssuer, cfg.IdentityClientID, cfg.IdentityClientSecret = t.Provider.Issuer, identitytest.ClientID, identitytest.ClientSecret
		if cfg.IdentityKey == "" {
			cfg.IdentityKey = TestLoginKey
		}
	}
	if cfg.StaffSSOIssuer == "" {
		cfg.StaffSSOIssuer, cfg.StaffSSOClientID, cfg.StaffSSOClientSecret = t.Provider.Issuer, identitytest.ClientID, identitytest.ClientSecret
		cfg.StaffSSORoles, cfg.StaffSSOCreate = TestLoginRoles, true
	}
}

// Close stops the test broker.
func (t *TestLogin) Close() { t.Provider.Close() }

// RequireLogin makes the demo's parking permit ask for DigiD Midden and the terrace permit for
// eHerkenning, so the test login can be tried on a request.
func RequireLogin(forms []request.Form) {
	for i := range forms {
		switch forms[i].Product {
		case "parkeervergunning":
			forms[i].Login = map[string]string{"digid": "midden"}
		case "terrasvergunning":
			forms[i].Login = map[string]string{"eherkenning": "eh2+"}
		}
	}
}

// testPeople are the test persons, each labelled with the number it logs in with.
func testPeople() []oidctest.Person {
	people := identitytest.People()
	for i, p := range people {
		var nums []string
		if bsn, ok := p.Claims["represented_bsn"].(string); ok {
			nums = append(nums, "voor BSN "+bsn)
		} else if bsn, ok := p.Claims["bsn"].(string); ok {
			nums = append(nums, "BSN "+bsn)
		}
		if kvk, ok := p.Claims["represented_kvk"].(string); ok {
			nums = append(nums, "voor KvK "+kvk)
		} else if kvk, ok := p.Claims["kvk"].(string); ok {
			nums = append(nums, "KvK "+kvk)
		}
		if g, ok := p.Claims["groups"].([]string); ok {
			nums = append(nums, "groepen "+strings.Join(g, ", "))
		}
		if len(nums) > 0 {
			people[i].Label += " — " + strings.Join(nums, ", ")
		}
	}
	return people
}
