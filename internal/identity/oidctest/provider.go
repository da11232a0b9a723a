// Package oidctest runs a real OpenID Connect provider inside a test process (or as the demo's test
// login, `loket demo` only): zitadel's pkg/op with its
// discovery document, JWKS, authorization endpoint (code flow, PKCE required), token endpoint and
// end_session endpoint. Only the storage behind it and a small login page (pick a test person and a level
// of assurance, as a broker's test DigiD or eHerkenning does) are written here. Switches make the provider
// misbehave in the ways loket must refuse: a wrong audience, a token signed with a key it does not publish,
// a token issued under another issuer, a short token lifetime.
package oidctest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Person is a test identity the login page offers; Claims go into the ID token as they are.
type Person struct {
	ID     string         // subject
	Label  string         // shown on the login page
	Claims map[string]any // e.g. {"bsn": "999993653"} or {"kvk": "90001234", "groups": [...]}
}

// Client is the relying party the provider knows.
type Client struct {
	ID, Secret             string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
}

// Provider is a running test provider.
type Provider struct {
	Server *httptest.Server
	Issuer string

	mu         sync.Mutex
	clients    map[string]Client
	people     []Person
	requests   map[string]*authRequest
	codes      map[string]string // code → auth request id
	tokens     map[string]tokenInfo
	terminated []string // subjects whose session ended at end_session
	key, rogue *rsa.PrivateKey
	audience   []string      // when set, replaces the client id as audience
	signRogue  bool          // sign with a key the JWKS does not publish
	idLifetime time.Duration // ID token lifetime
	acrOffered []string
	acrLabels  map[string]string
	notice     string
}

type tokenInfo struct {
	subject, client string
	expires         time.Time
}

// Options shape a provider.
type Options struct {
	Clients []Client
	People  []Person
	// ACRValues are the levels the login page offers, lowest first (as the broker's acr values).
	ACRValues []string
	// WrongIssuer makes the token endpoint that discovery advertises belong to a second provider on the same
	// storage with another issuer, so every ID token carries an issuer that is not the one discovered.
	WrongIssuer bool
	// ACRLabels name the levels on the login page ("DigiD Midden"); without one the acr value shows.
	ACRLabels map[string]string
	// Notice is shown above the login form (the demo says it is a test login).
	Notice string
}

const keyID = "loket-test-key"

// Start runs a provider on a loopback port until the test ends.
func Start(tb interface {
	Helper()
	Fatalf(string, ...any)
	Cleanup(func())
}, o Options) *Provider {
	tb.Helper()
	srv := httptest.NewUnstartedServer(nil)
	p, h, err := build("http://"+srv.Listener.Addr().String(), o)
	if err != nil {
		srv.Close()
		tb.Fatalf("%v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	tb.Cleanup(srv.Close)
	p.Server = srv
	return p
}

// Listen runs a provider on addr ("127.0.0.1:0" for any free port) until Close, outside a test: the
// demo's test login. Its issuer is http://ADDR.
func Listen(addr string, o Options) (*Provider, error) {
	srv := httptest.NewUnstartedServer(nil)
	srv.Listener.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv.Listener = ln
	p, h, err := build("http://"+ln.Addr().String(), o)
	if err != nil {
		ln.Close()
		return nil, err
	}
	srv.Config.Handler = h
	srv.Start()
	p.Server = srv
	return p, nil
}

// Close stops the provider's server.
func (p *Provider) Close() { p.Server.Close() }

// build makes the provider for issuer and the handler that serves it.
func build(issuer string, o Options) (*Provider, http.Handler, error) {
	p := &Provider{clients: map[string]Client{}, people: o.People, requests: map[string]*authRequest{},
		codes: map[string]string{}, tokens: map[string]tokenInfo{}, idLifetime: 5 * time.Minute, acrOffered: o.ACRValues,
		acrLabels: o.ACRLabels, notice: o.Notice, Issuer: issuer}
	for _, c := range o.Clients {
		p.clients[c.ID] = c
	}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		return nil, nil, fmt.Errorf("key: %w", err)
	}
	if p.rogue, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		return nil, nil, fmt.Errorf("key: %w", err)
	}
	mux := http.NewServeMux()
	cfg := &op.Config{CryptoKey: sha256.Sum256([]byte("oidctest")), CodeMethodS256: true, AuthMethodPost: true,
		DefaultLogoutRedirectURI: "/afgemeld"}
	opts := []op.Option{op.WithAllowInsecure()}
	if o.WrongIssuer {
		other, err := op.NewProvider(cfg, p, op.StaticIssuer(p.Issuer+"/ander"), op.WithAllowInsecure())
		if err != nil {
			return nil, nil, fmt.Errorf("second provider: %w", err)
		}
		mux.Handle("/ander/", http.StripPrefix("/ander", other))
		opts = append(opts, op.WithCustomTokenEndpoint(op.NewEndpointWithURL("/oauth/token", p.Issuer+"/ander/oauth/token")))
	}
	prov, err := op.NewProvider(cfg, p, op.StaticIssuer(p.Issuer), opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("provider: %w", err)
	}
	callback := op.AuthCallbackURL(prov)
	mux.HandleFunc("GET /inloggen", p.showLogin)
	mux.Handle("POST /inloggen", op.NewIssuerInterceptor(prov.IssuerFromRequest).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.login(w, r, callback)
	}))
	mux.HandleFunc("GET /afgemeld", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "afgemeld") })
	mux.Handle("/", prov)
	return p, mux, nil
}

// SetAudience makes the provider put these audiences in ID tokens (op always adds the client id); nil restores.
func (p *Provider) SetAudience(aud ...string) { p.mu.Lock(); p.audience = aud; p.mu.Unlock() }

// SignWithUnpublishedKey makes the provider sign ID tokens with a key that is not in its JWKS, under the
// published key id: their signature does not verify.
func (p *Provider) SignWithUnpublishedKey(on bool) { p.mu.Lock(); p.signRogue = on; p.mu.Unlock() }

// SetIDTokenLifetime sets how long new ID tokens are valid.
func (p *Provider) SetIDTokenLifetime(d time.Duration) { p.mu.Lock(); p.idLifetime = d; p.mu.Unlock() }

// Terminated lists the subjects whose session was ended through end_session.
func (p *Provider) Terminated() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.terminated...)
}

// LastACRValues is the acr_values of the most recent authorization request.
func (p *Provider) LastACRValues() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var last *authRequest
	for _, r := range p.requests {
		if last == nil || r.created.After(last.created) {
			last = r
		}
	}
	if last == nil {
		return nil
	}
	return last.req.ACRValues
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test-inlogmiddel</title><link rel="icon" href="data:,"></head><body><main><h1>Inloggen bij de testmakelaar</h1>
{{with .Notice}}<p role="note" style="border:3px solid #b00;padding:.5em;font-weight:bold">{{.}}</p>{{end}}
<form method="post" action="/inloggen"><input type="hidden" name="id" value="{{.ID}}">
<p><label for="persoon">Testpersoon</label> <select id="persoon" name="persoon">{{range .People}}<option value="{{.ID}}">{{.Label}}</option>{{end}}</select></p>
<p><label for="niveau">Betrouwbaarheidsniveau</label> <select id="niveau" name="niveau">{{range .Levels}}<option value="{{.}}">{{or (index $.Labels .) .}}</option>{{end}}</select></p>
<p><button type="submit" id="inloggen">Inloggen</button></p></form></main></body></html>`))

func (p *Provider) showLogin(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	people, levels := p.people, p.acrOffered
	p.mu.Unlock()
	labels := p.acrLabels
	if labels == nil {
		labels = map[string]string{}
	}
	loginPage.Execute(w, map[string]any{"ID": r.URL.Query().Get("id"), "People": people, "Levels": levels, "Labels": labels, "Notice": p.notice})
}

// login marks the auth request as done by the chosen person at the chosen level and returns to the op.
func (p *Provider) login(w http.ResponseWriter, r *http.Request, callback func(context.Context, string) string) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id := r.PostForm.Get("id")
	p.mu.Lock()
	req, ok := p.requests[id]
	var found bool
	for _, person := range p.people {
		found = found || person.ID == r.PostForm.Get("persoon")
	}
	if ok && found {
		req.subject, req.acr, req.done, req.authTime = r.PostForm.Get("persoon"), r.PostForm.Get("niveau"), true, time.Now()
	}
	p.mu.Unlock()
	if !ok || !found {
		http.Error(w, "unknown request or person", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, callback(r.Context(), id), http.StatusFound)
}

// Login completes an authorization request without a browser: it follows the redirects from authURL
// through the provider's login page as person at level acr and returns the URL the provider sends the
// browser back to (the client's redirect URI with code and state).
func (p *Provider) Login(ctx context.Context, authURL, person, acr string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	next := authURL
	for range 10 {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next, nil)
		if err != nil {
			return "", err
		}
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		resp.Body.Close()
		loc, err := resp.Location()
		if err != nil {
			return "", fmt.Errorf("no redirect from %s: %s", next, resp.Status)
		}
		if loc.Path == "/inloggen" && loc.Host == p.Server.Listener.Addr().String() {
			next, err = p.submitLogin(ctx, client, loc.Query().Get("id"), person, acr)
			if err != nil {
				return "", err
			}
			continue
		}
		if loc.Host != p.Server.Listener.Addr().String() {
			return loc.String(), nil
		}
		next = loc.String()
	}
	return "", errors.New("too many redirects")
}

func (p *Provider) submitLogin(ctx context.Context, client *http.Client, id, person, acr string) (string, error) {
	form := "id=" + id + "&persoon=" + person + "&niveau=" + acr
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.Issuer+"/inloggen", stringsReader(form))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		return "", fmt.Errorf("login refused: %s", resp.Status)
	}
	return loc.String(), nil
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// signingKey and publicKey adapt the RSA keys to op's interfaces.
type signingKey struct{ key *rsa.PrivateKey }

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return keyID }

type publicKey struct{ key *rsa.PrivateKey }

func (k publicKey) ID() string                         { return keyID }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

var _ op.Storage = (*Provider)(nil)
var _ = oidc.ScopeOpenID
