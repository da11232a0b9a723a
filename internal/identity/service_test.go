package identity_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/identity/oidctest"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

const (
	callback    = "http://loket.test/inloggen/terug"
	afterLogout = "http://loket.test/uitgelogd"
)

type fixture struct {
	svc    *identity.Service
	broker *oidctest.Provider
	clock  *identitytest.Clock
	store  *store.Store
}

func setup(t *testing.T, st *store.Store, wrongIssuer bool) fixture {
	t.Helper()
	p := identitytest.Broker(t, callback, afterLogout, wrongIssuer)
	clock := &identitytest.Clock{}
	svc, err := identity.NewService(st, identitytest.Settings(p, callback, afterLogout), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{svc: svc, broker: p, clock: clock, store: st}
}

// login runs a login from Begin through the broker's login page and returns the callback it sends back.
func (f fixture) login(t *testing.T, m identity.Means, minLevel, person, level string) identity.Callback {
	t.Helper()
	ctx := context.Background()
	authURL, state, err := f.svc.Begin(ctx, m, minLevel, "/producten/parkeervergunning/aanvragen")
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	back, err := f.broker.Login(ctx, authURL, person, identitytest.ACR(level))
	if err != nil {
		t.Fatalf("at the broker: %v", err)
	}
	u, _ := url.Parse(back)
	if !strings.HasPrefix(back, callback+"?") {
		t.Fatalf("broker sent the browser to %s, want the callback", back)
	}
	if u.Query().Get("state") != state {
		t.Fatalf("state %q came back, want %q", u.Query().Get("state"), state)
	}
	return identity.Callback{State: state, Code: u.Query().Get("code"), Error: u.Query().Get("error")}
}

func TestResidentLogsInWithDigiDMidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st, false)
		ctx := context.Background()
		cb := f.login(t, identity.DigiD, "midden", "jan", "midden")
		if got := f.broker.LastACRValues(); len(got) != 1 || got[0] != identitytest.ACR("midden") {
			t.Errorf("loket asked for acr_values %v, want the Midden class", got)
		}
		login, err := f.svc.Finish(ctx, cb)
		if err != nil {
			t.Fatalf("finish: %v", err)
		}
		want := identity.Person{Means: identity.DigiD, Level: "midden", Subject: "jan", Name: "Jan Jansen", BSN: identitytest.ResidentBSN}
		if login.Person != want {
			t.Errorf("person %+v, want %+v", login.Person, want)
		}
		if login.ReturnTo != "/producten/parkeervergunning/aanvragen" {
			t.Errorf("return to %q", login.ReturnTo)
		}
		a, err := f.svc.Session(ctx, login.SessionID)
		if err != nil || a.Person.BSN != identitytest.ResidentBSN {
			t.Fatalf("session: %+v %v", a, err)
		}
		// The BSN is nowhere in the session row in the clear.
		var sealed string
		if err := st.QueryRow(ctx, `SELECT sealed FROM identity_sessions`).Scan(&sealed); err != nil || strings.Contains(sealed, identitytest.ResidentBSN) {
			t.Errorf("session row holds the BSN in the clear, or cannot be read: %v", err)
		}
	})
}

func TestIdleSessionEndsAfterFifteenMinutes(t *testing.T) {
	f := setup(t, storetest.Open(t, store.SQLite), false)
	ctx := context.Background()
	login, err := f.svc.Finish(ctx, f.login(t, identity.DigiD, "", "jan", "midden"))
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(14 * time.Minute) // activity at 14 minutes keeps it alive and restarts the 15 minutes
	a, err := f.svc.Session(ctx, login.SessionID)
	if err != nil {
		t.Fatalf("after 14 idle minutes: %v", err)
	}
	if d := a.IdleUntil.Sub(f.clock.Now()); d < 14*time.Minute || d > 15*time.Minute {
		t.Errorf("idle end %v from now, want 15 minutes", d)
	}
	f.clock.Advance(14*time.Minute + 59*time.Second)
	if _, err := f.svc.Session(ctx, login.SessionID); err != nil {
		t.Fatalf("after 14m59s idle: %v", err)
	}
	f.clock.Advance(15 * time.Minute)
	if _, err := f.svc.Session(ctx, login.SessionID); !errors.Is(err, identity.ErrSessionEnded) {
		t.Fatalf("after 15 idle minutes: %v, want ErrSessionEnded", err)
	}
}

func TestLogoutEndsTheSessionHereAndAtTheBroker(t *testing.T) {
	f := setup(t, storetest.Open(t, store.SQLite), false)
	ctx := context.Background()
	login, err := f.svc.Finish(ctx, f.login(t, identity.DigiD, "", "jan", "midden"))
	if err != nil {
		t.Fatal(err)
	}
	end, err := f.svc.Logout(ctx, login.SessionID)
	if err != nil || !strings.HasPrefix(end, f.broker.Issuer+"/end_session?") {
		t.Fatalf("logout URL %q, %v: want the broker's end_session endpoint", end, err)
	}
	if _, err := f.svc.Session(ctx, login.SessionID); !errors.Is(err, identity.ErrSessionEnded) {
		t.Errorf("session still alive after logout: %v", err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(end)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != afterLogout {
		t.Errorf("broker sent the browser to %q after logout, want %q", loc, afterLogout)
	}
	if got := f.broker.Terminated(); len(got) != 1 || got[0] != "jan" {
		t.Errorf("broker ended sessions of %v, want [jan]", got)
	}
}

func TestMachtigenKeepsBothPersons(t *testing.T) {
	f := setup(t, storetest.Open(t, store.SQLite), false)
	login, err := f.svc.Finish(context.Background(), f.login(t, identity.DigiD, "", "jan-voor-oma", "substantieel"))
	if err != nil {
		t.Fatal(err)
	}
	p := login.Person
	if p.BSN != identitytest.GrandmotherBSN || p.ActingBSN != identitytest.ResidentBSN || !p.Represents() {
		t.Errorf("machtigen: %+v, want BSN of the grandmother and acting BSN of Jan", p)
	}
	if p.Owner() != (identity.Owner{BSN: identitytest.GrandmotherBSN}) {
		t.Errorf("owner %+v: the items are the grandmother's", p.Owner())
	}
}

func TestEHerkenningGivesTheCompany(t *testing.T) {
	f := setup(t, storetest.Open(t, store.SQLite), false)
	ctx := context.Background()
	login, err := f.svc.Finish(ctx, f.login(t, identity.EHerkenning, "eh3", "piet", "eh3"))
	if err != nil {
		t.Fatal(err)
	}
	want := identity.Person{Means: identity.EHerkenning, Level: "eh3", Subject: "piet", Name: "Piet Bakker",
		KvK: identitytest.CompanyKvK, Branch: identitytest.BranchNumber, ActingPerson: "piet-pseudo"}
	if login.Person != want {
		t.Errorf("person %+v, want %+v", login.Person, want)
	}
	chain, err := f.svc.Finish(ctx, f.login(t, identity.EHerkenning, "", "telt", "eh3"))
	if err != nil {
		t.Fatal(err)
	}
	if chain.Person.KvK != identitytest.CompanyKvK || chain.Person.ActingKvK != identitytest.IntermediaryKvK {
		t.Errorf("ketenmachtiging: %+v, want the bakery acted for by the intermediary", chain.Person)
	}
}

// Each refusal is a Forbidden problem with its own Dutch message and reason.
func TestRefusedLogins(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	cases := []struct {
		name        string
		wrongIssuer bool
		arrange     func(f fixture)
		person      string
		level, want string
		reason      error
		message     string
		after       func(f fixture)
	}{
		{name: "wrong issuer", wrongIssuer: true, person: "jan", level: "midden", reason: identity.ErrWrongIssuer, message: "niet van de inlogdienst"},
		{name: "wrong audience", arrange: func(f fixture) { f.broker.SetAudience("een-andere-website") }, person: "jan", level: "midden",
			reason: identity.ErrWrongAudience, message: "niet voor deze website bedoeld"},
		{name: "expired token", arrange: func(f fixture) { f.broker.SetIDTokenLifetime(time.Minute) }, person: "jan", level: "midden",
			after: func(f fixture) { f.clock.Advance(2 * time.Minute) }, reason: identity.ErrExpired, message: "verlopen"},
		{name: "bad signature", arrange: func(f fixture) { f.broker.SignWithUnpublishedKey(true) }, person: "jan", level: "midden",
			reason: identity.ErrBadSignature, message: "echt is"},
		{name: "level too low", person: "jan", level: "basis", want: "midden", reason: identity.ErrLevelTooLow,
			message: "U logde in met DigiD Basis. Voor deze dienst is minimaal DigiD Midden nodig."},
		{name: "no BSN", person: "zonder-bsn", level: "midden", message: "geen geldig burgerservicenummer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t, st, c.wrongIssuer)
			if c.arrange != nil {
				c.arrange(f)
			}
			cb := f.login(t, identity.DigiD, c.want, c.person, c.level)
			if c.after != nil {
				c.after(f)
			}
			_, err := f.svc.Finish(ctx, cb)
			if err == nil {
				t.Fatal("login accepted")
			}
			if c.reason != nil && !errors.Is(err, c.reason) {
				t.Errorf("refused for %v, want %v", err, c.reason)
			}
			if problem.KindOf(err) != problem.Forbidden || !strings.Contains(problem.MessageOf(err), c.message) {
				t.Errorf("message %q (kind %v), want one with %q", problem.MessageOf(err), problem.KindOf(err), c.message)
			}
		})
	}
}

func TestReplayedStateIsRefused(t *testing.T) {
	f := setup(t, storetest.Open(t, store.SQLite), false)
	ctx := context.Background()
	cb := f.login(t, identity.DigiD, "", "jan", "midden")
	if _, err := f.svc.Finish(ctx, cb); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Finish(ctx, cb)
	if !errors.Is(err, identity.ErrStateUnknown) || !strings.Contains(problem.MessageOf(err), "al gebruikt of verlopen") {
		t.Fatalf("replay: %v (%q), want ErrStateUnknown", err, problem.MessageOf(err))
	}
}

func TestCancelledAtTheBroker(t *testing.T) {
	f := setup(t, storetest.Open(t, store.SQLite), false)
	cb := f.login(t, identity.DigiD, "", "jan", "midden")
	cb.Code, cb.Error = "", "access_denied"
	if _, err := f.svc.Finish(context.Background(), cb); !errors.Is(err, identity.ErrDenied) {
		t.Fatalf("cancelled login: %v, want ErrDenied", err)
	}
}

func TestLocalPathKeepsOnlyPathsOfThisSite(t *testing.T) {
	for in, want := range map[string]string{
		"/producten/x/aanvragen?stap=2": "/producten/x/aanvragen?stap=2",
		"https://evil.example/":         "/mijn-loket",
		"//evil.example/x":              "/mijn-loket",
		"/\\evil.example":               "/mijn-loket",
		"":                              "/mijn-loket",
		"mijn-loket":                    "/mijn-loket",
	} {
		if got := identity.LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func identitytestBroker(tb testing.TB) *oidctest.Provider {
	return identitytest.Broker(tb, callback, afterLogout, false)
}

func settingsFor(p *oidctest.Provider) identity.Settings {
	return identitytest.Settings(p, callback, afterLogout)
}

func acr(level string) string { return identitytest.ACR(level) }

func callbackOf(back, state string) identity.Callback {
	u, _ := url.Parse(back)
	return identity.Callback{State: state, Code: u.Query().Get("code")}
}
