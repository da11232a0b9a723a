// Package identitytest sets up the test broker (a real OpenID Connect provider from oidctest) with the
// test persons loket's tests log in as, and the matching identity settings.
package identitytest

import (
	"sync"
	"time"

	"loket/internal/identity"
	"loket/internal/identity/oidctest"
)

// Test identities. The BSNs pass the eleven test by hand: 999993653 gives
// 9·9+8·9+7·9+6·9+5·9+4·3+3·6+2·5−1·3 = 352 = 32·11; 999991772 gives 9·9+8·9+7·9+6·9+5·9+4·1+3·7+2·7−2 = 352.
const (
	ResidentBSN     = "999993653" // Jan Jansen
	GrandmotherBSN  = "999991772" // Oma de Vries, for whom Jan acts under DigiD Machtigen
	CompanyKvK      = "90001234"  // Bakkerij De Korst BV
	BranchNumber    = "000012345678"
	IntermediaryKvK = "90005678" // Administratiekantoor Telt, acting for the bakery (ketenmachtiging)
	ClientID        = "loket"
	ClientSecret    = "loket-geheim"
	// Key is the test encryption key (32 bytes, base64).
	Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
)

// People are the persons on the test broker's login page.
func People() []oidctest.Person {
	return []oidctest.Person{
		{ID: "jan", Label: "Jan Jansen (DigiD)", Claims: map[string]any{"bsn": ResidentBSN, "name": "Jan Jansen"}},
		{ID: "jan-voor-oma", Label: "Jan Jansen, gemachtigd voor Oma de Vries (DigiD Machtigen)",
			Claims: map[string]any{"bsn": ResidentBSN, "represented_bsn": GrandmotherBSN, "name": "Jan Jansen"}},
		{ID: "piet", Label: "Piet Bakker, Bakkerij De Korst (eHerkenning)",
			Claims: map[string]any{"kvk": CompanyKvK, "vestigingsnummer": BranchNumber, "acting_subject": "piet-pseudo", "name": "Piet Bakker"}},
		{ID: "anna", Label: "Anna Bakker, Bakkerij De Korst (eHerkenning)",
			Claims: map[string]any{"kvk": CompanyKvK, "acting_subject": "anna-pseudo", "name": "Anna Bakker"}},
		{ID: "telt", Label: "Kees Telt, Administratiekantoor Telt voor Bakkerij De Korst (ketenmachtiging)",
			Claims: map[string]any{"kvk": IntermediaryKvK, "represented_kvk": CompanyKvK, "acting_subject": "kees-pseudo"}},
		{ID: "zonder-bsn", Label: "Iemand zonder BSN", Claims: map[string]any{"name": "Zonder Nummer"}},
		{ID: "medewerker", Label: "Mira Medewerker (personeel)", Claims: map[string]any{"email": "mira@voorbeeld.nl",
			"name": "Mira Medewerker", "groups": []string{"loket-behandelaars", "iedereen"}}},
		{ID: "gast", Label: "Gert Gast (personeel zonder rol in loket)", Claims: map[string]any{"email": "gert@voorbeeld.nl",
			"name": "Gert Gast", "groups": []string{"iedereen"}}},
		{ID: "redacteur", Label: "Rob Redacteur (personeel)", Claims: map[string]any{"email": "rob@voorbeeld.nl",
			"name": "Rob Redacteur", "groups": []string{"loket-redactie"}}},
	}
}

// ACRValues are the levels the test broker offers, as acr values.
func ACRValues() []string {
	var acr []string
	for _, l := range identity.DefaultLevels() {
		acr = append(acr, l.ACR)
	}
	return acr
}

// ACR is the acr value of a level name ("midden").
func ACR(level string) string {
	l, _ := identity.Levels(identity.DefaultLevels()).ByName(level)
	return l.ACR
}

// Broker starts a test broker that knows loket's client with this callback and post-logout address.
func Broker(tb oidctestTB, callback, afterLogout string, wrongIssuer bool) *oidctest.Provider {
	return oidctest.Start(tb, oidctest.Options{
		Clients: []oidctest.Client{{ID: ClientID, Secret: ClientSecret, RedirectURIs: []string{callback},
			PostLogoutRedirectURIs: []string{afterLogout}}},
		People: People(), ACRValues: ACRValues(), WrongIssuer: wrongIssuer,
	})
}

type oidctestTB interface {
	Helper()
	Fatalf(string, ...any)
	Cleanup(func())
}

// Settings are the identity settings for a test broker.
func Settings(p *oidctest.Provider, callback, afterLogout string) identity.Settings {
	return identity.Settings{
		Broker: identity.BrokerConfig{Issuer: p.Issuer, ClientID: ClientID, ClientSecret: ClientSecret, RedirectURL: callback},
		Key:    Key, MinDigiD: "midden", MinEHerkenning: "eh2+", PostLogoutURL: afterLogout,
	}
}

// Clock is a test clock that runs with real time plus an offset the test moves (the provider in the same
// process stamps tokens with real time).
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is real time plus the offset.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}
