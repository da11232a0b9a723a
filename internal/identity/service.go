package identity

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"loket/internal/problem"
)

const (
	// IdleTimeout ends a resident's session after this long without a request.
	IdleTimeout = 15 * time.Minute
	// IdleWarning is how long before the end the page warns.
	IdleWarning = time.Minute
	// MaxSession ends a session this long after login, however active.
	MaxSession = 8 * time.Hour
	// touchEvery is the step in which activity is recorded: a session ends 15 minutes after the last
	// recorded activity, so at most this much earlier than 15 minutes after the last page.
	touchEvery = 20 * time.Second
	// stateTTL is how long a login may take at the broker.
	stateTTL = 10 * time.Minute
)

// LoginState is what loket keeps between sending the browser to the broker and its return; it is used
// once. Only the hash of the state value is stored.
type LoginState struct {
	StateHash string
	Nonce     string
	Verifier  string // PKCE code verifier
	Means     Means
	MinLevel  string
	ReturnTo  string // a local path
	CreatedAt time.Time
}

// StoredSession is a resident's session as the store keeps it: the person sealed.
type StoredSession struct {
	IDHash    string
	Sealed    string // the Person and the raw ID token, encrypted (Sealer.SealString)
	CreatedAt time.Time
	LastSeen  time.Time
}

// Store is what the identity service needs from the database.
type Store interface {
	SaveLoginState(ctx context.Context, s LoginState) error
	// TakeLoginState returns and deletes a state; a missing one wraps problem.ErrNotFound.
	TakeLoginState(ctx context.Context, stateHash string) (LoginState, error)
	SaveResidentSession(ctx context.Context, s StoredSession) error
	ResidentSession(ctx context.Context, idHash string) (StoredSession, error)
	TouchResidentSession(ctx context.Context, idHash string, at time.Time) error
	DeleteResidentSession(ctx context.Context, idHash string) error
	DeleteExpiredResidentSessions(ctx context.Context, idleBefore, createdBefore, statesBefore time.Time) error
}

// Settings configure resident login.
type Settings struct {
	Broker BrokerConfig
	Claims ClaimNames
	Levels Levels
	Key    string // encryption key of personal data
	// MinDigiD and MinEHerkenning are the levels Mijn loket asks for.
	MinDigiD, MinEHerkenning string
	// PostLogoutURL is where the broker sends the browser after end_session.
	PostLogoutURL string
	// TestLogin: the broker is the demo's test broker; the login pages say so.
	TestLogin bool
}

// Service owns resident and entrepreneur login: the flow through the broker, the level check, the
// person kept encrypted in an idle-limited session, and logout here and at the broker.
type Service struct {
	store    Store
	broker   *broker
	sealer   *Sealer
	claims   ClaimNames
	levels   Levels
	min      map[Means]Level
	clock    func() time.Time
	postBack string
	test     bool
}

// NewService builds the service; without a broker issuer logins answer ErrNotConfigured.
func NewService(st Store, s Settings, clock func() time.Time) (*Service, error) {
	if clock == nil {
		clock = time.Now
	}
	sealer, err := NewSealer(s.Key)
	if err != nil {
		return nil, err
	}
	if s.Levels == nil {
		s.Levels = DefaultLevels()
	}
	if s.Claims == (ClaimNames{}) {
		s.Claims = DefaultClaimNames()
	}
	svc := &Service{store: st, sealer: sealer, claims: s.Claims, levels: s.Levels, clock: clock,
		min: map[Means]Level{}, postBack: s.PostLogoutURL, test: s.TestLogin}
	for m, name := range map[Means]string{DigiD: s.MinDigiD, EHerkenning: s.MinEHerkenning} {
		l, ok := s.Levels.ByName(name)
		if !ok || l.Means != m {
			l = s.Levels.Lowest(m)
		}
		svc.min[m] = l
	}
	if s.Broker.Issuer != "" {
		svc.broker = newBroker(s.Broker, clock)
	}
	return svc, nil
}

// Enabled reports whether a broker is configured.
func (s *Service) Enabled() bool { return s != nil && s.broker != nil }

// TestLogin reports whether logins go to the demo's test broker (test persons, no real DigiD).
func (s *Service) TestLogin() bool { return s != nil && s.test }

// Sealer is the service's encryption of personal data, for the stores of other capabilities' links.
func (s *Service) Sealer() *Sealer { return s.sealer }

// Levels is the table of levels in use.
func (s *Service) Levels() Levels { return s.levels }

// MinLevel is the level Mijn loket asks for with a means.
func (s *Service) MinLevel(m Means) Level { return s.min[m] }

// Begin starts a login with means at level at least minLevel (a level name; "" is the Mijn loket
// minimum) and returns the broker URL to send the browser to and the state value to bind to the browser.
func (s *Service) Begin(ctx context.Context, m Means, minLevel, returnTo string) (authURL, state string, err error) {
	if !s.Enabled() {
		return "", "", refuse(ErrNotConfigured, nil)
	}
	want, err := s.wanted(m, minLevel)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := randomString(), randomString(), randomString()+randomString()
	ls := LoginState{StateHash: s.sealer.Lookup("state", state), Nonce: nonce, Verifier: verifier, Means: m,
		MinLevel: want.Name, ReturnTo: LocalPath(returnTo), CreatedAt: s.clock().UTC()}
	authURL, err = s.broker.authURL(ctx, state, nonce, verifier, want.ACR)
	if err != nil {
		return "", "", err
	}
	if err := s.store.SaveLoginState(ctx, ls); err != nil {
		return "", "", err
	}
	return authURL, state, nil
}

func (s *Service) wanted(m Means, minLevel string) (Level, error) {
	if _, ok := MeansNames[m]; !ok {
		return Level{}, problem.New(problem.NotFound, "Deze manier van inloggen kennen we niet.")
	}
	want := s.min[m]
	if minLevel != "" {
		l, ok := s.levels.ByName(minLevel)
		if !ok || l.Means != m {
			return Level{}, problem.New(problem.Invalid, "Voor deze dienst is een ander inlogmiddel nodig.")
		}
		if l.Rank > want.Rank {
			want = l
		}
	}
	return want, nil
}

// Callback is what the broker sent back to the redirect URI.
type Callback struct {
	State, Code      string
	Error, ErrorDesc string // the broker's error, e.g. access_denied when the person cancelled
}

// Login is a finished login: the session's secret for the cookie and where to go next.
type Login struct {
	SessionID string
	Person    Person
	ReturnTo  string
}

// Finish completes a login: the state is used up first (a replay finds nothing), then the code is
// redeemed, the ID token verified and its level checked; only then is a session made.
func (s *Service) Finish(ctx context.Context, cb Callback) (Login, error) {
	if !s.Enabled() {
		return Login{}, refuse(ErrNotConfigured, nil)
	}
	ls, err := s.store.TakeLoginState(ctx, s.sealer.Lookup("state", cb.State))
	if errors.Is(err, problem.ErrNotFound) || (err == nil && s.clock().Sub(ls.CreatedAt) > stateTTL) {
		return Login{}, refuse(ErrStateUnknown, err)
	}
	if err != nil {
		return Login{}, err
	}
	if cb.Error != "" {
		return Login{}, refuse(ErrDenied, fmt.Errorf("%s: %s", cb.Error, cb.ErrorDesc))
	}
	v, err := s.broker.exchange(ctx, cb.Code, ls.Verifier, ls.Nonce)
	if err != nil {
		return Login{}, err
	}
	want, _ := s.levels.ByName(ls.MinLevel)
	got, ok := s.levels.ByACR(v.acr)
	if !ok || !Meets(got, want) {
		return Login{}, s.tooLow(got, ok, want, v.acr)
	}
	p, err := personFrom(v.claims, s.claims, got)
	if err != nil {
		return Login{}, refuse(err, nil)
	}
	id, err := s.startSession(ctx, p, v.raw)
	if err != nil {
		return Login{}, err
	}
	return Login{SessionID: id, Person: p, ReturnTo: ls.ReturnTo}, nil
}

func (s *Service) tooLow(got Level, known bool, want Level, acr string) error {
	msg := fmt.Sprintf("Voor deze dienst moet u inloggen met minimaal %s.", want.Label())
	if known {
		msg = fmt.Sprintf("U logde in met %s. Voor deze dienst is minimaal %s nodig. Log opnieuw in met een sterker inlogmiddel (bijvoorbeeld de DigiD-app met identiteitscheck).", got.Label(), want.Label())
	}
	return problem.Wrap(problem.Forbidden, msg, fmt.Errorf("%w: acr %q, want %s", ErrLevelTooLow, acr, want.Name))
}

// sealedSession is what the session keeps, encrypted.
type sealedSession struct {
	Person  Person `json:"person"`
	IDToken string `json:"id_token"`
}

func (s *Service) startSession(ctx context.Context, p Person, idToken string) (string, error) {
	plain, err := json.Marshal(sealedSession{Person: p, IDToken: idToken})
	if err != nil {
		return "", err
	}
	id := randomString()
	t := s.clock().UTC()
	err = s.store.SaveResidentSession(ctx, StoredSession{IDHash: s.sealer.Lookup("session", id),
		Sealed: s.sealer.SealString(plain), CreatedAt: t, LastSeen: t})
	return id, err
}

// Active is a live session: the person and when it ends if nothing happens.
type Active struct {
	Person    Person
	IdleUntil time.Time
	IdleLeft  time.Duration // until IdleUntil, by the service's clock
	idToken   string
}

// Session returns the live session behind a cookie value and counts this request as activity; an idle
// or too old session is removed and answers ErrSessionEnded.
func (s *Service) Session(ctx context.Context, sessionID string) (Active, error) {
	if sessionID == "" {
		return Active{}, refuse(ErrSessionEnded, nil)
	}
	hash := s.sealer.Lookup("session", sessionID)
	st, err := s.store.ResidentSession(ctx, hash)
	if errors.Is(err, problem.ErrNotFound) {
		return Active{}, refuse(ErrSessionEnded, err)
	}
	if err != nil {
		return Active{}, err
	}
	t := s.clock().UTC()
	if t.Sub(st.LastSeen) >= IdleTimeout || t.Sub(st.CreatedAt) >= MaxSession {
		if err := s.store.DeleteResidentSession(ctx, hash); err != nil {
			return Active{}, err
		}
		return Active{}, refuse(ErrSessionEnded, nil)
	}
	plain, err := s.sealer.OpenString(st.Sealed)
	if err != nil {
		return Active{}, err
	}
	var ss sealedSession
	if err := json.Unmarshal(plain, &ss); err != nil {
		return Active{}, err
	}
	last := st.LastSeen
	if t.Sub(last) >= touchEvery { // a write per page would cost a disk sync each; activity counts in steps
		if err := s.store.TouchResidentSession(ctx, hash, t); err != nil {
			return Active{}, err
		}
		last = t
	}
	until := last.Add(IdleTimeout)
	return Active{Person: ss.Person, IdleUntil: until, IdleLeft: until.Sub(t), idToken: ss.IDToken}, nil
}

// Logout ends the session here and returns the broker's end_session URL to send the browser to, or ""
// when the broker has none (or there was no session).
func (s *Service) Logout(ctx context.Context, sessionID string) (string, error) {
	if sessionID == "" || !s.Enabled() {
		return "", nil
	}
	a, err := s.Session(ctx, sessionID)
	if err := s.store.DeleteResidentSession(ctx, s.sealer.Lookup("session", sessionID)); err != nil {
		return "", err
	}
	if err != nil {
		return "", nil
	}
	return s.broker.logoutURL(ctx, a.idToken, s.postBack), nil
}

// Sweep removes idle sessions and unused login states.
func (s *Service) Sweep(ctx context.Context) error {
	t := s.clock().UTC()
	return s.store.DeleteExpiredResidentSessions(ctx, t.Add(-IdleTimeout), t.Add(-MaxSession), t.Add(-stateTTL))
}

// LocalPath keeps a return address only when it is a path on this site ("/mijn-loket"), never another host.
func LocalPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") ||
		u.Scheme != "" || u.Host != "" {
		return "/mijn-loket"
	}
	return u.RequestURI()
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func urlEscape(s string) string { return url.QueryEscape(s) }
