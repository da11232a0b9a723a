package identity

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// BrokerConfig is how loket reaches an OpenID Connect provider (a DigiD/eHerkenning broker, or the staff
// identity provider).
type BrokerConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	Scopes       []string // besides openid
	RedirectURL  string   // loket's callback
	HTTPClient   *http.Client
}

// broker is an OpenID Connect relying party: discovery on first use (retried after a failure), the
// authorization-code flow with PKCE, and ID-token verification with go-oidc.
type broker struct {
	cfg   BrokerConfig
	clock func() time.Time

	mu         sync.Mutex
	provider   *oidc.Provider
	endSession string
}

func newBroker(cfg BrokerConfig, clock func() time.Time) *broker {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &broker{cfg: cfg, clock: clock}
}

func (b *broker) discover(ctx context.Context) (*oidc.Provider, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.provider != nil {
		return b.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, b.cfg.HTTPClient), b.cfg.Issuer)
	if err != nil {
		return nil, refuse(ErrUnavailable, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, refuse(ErrUnavailable, err)
	}
	b.provider, b.endSession = p, meta.EndSession
	return p, nil
}

func (b *broker) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: b.cfg.ClientID, ClientSecret: b.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: b.cfg.RedirectURL, Scopes: append([]string{oidc.ScopeOpenID}, b.cfg.Scopes...)}
}

// authURL is where the browser goes to log in; acr, when set, is asked for as acr_values.
func (b *broker) authURL(ctx context.Context, state, nonce, verifier, acr string) (string, error) {
	p, err := b.discover(ctx)
	if err != nil {
		return "", err
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if acr != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", acr))
	}
	return b.oauth(p).AuthCodeURL(state, opts...), nil
}

// verified is what a finished login gives: the ID token's claims and the raw token (for end_session).
type verified struct {
	claims map[string]any
	raw    string
	acr    string
}

// exchange redeems the code with the PKCE verifier and verifies the ID token: issuer, audience, expiry,
// signature (go-oidc) and nonce (here). A failure is classified by reading the token's unverified claims,
// so the person learns which check failed.
func (b *broker) exchange(ctx context.Context, code, verifier, nonce string) (verified, error) {
	p, err := b.discover(ctx)
	if err != nil {
		return verified{}, err
	}
	ctx = oidc.ClientContext(ctx, b.cfg.HTTPClient)
	tok, err := b.oauth(p).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return verified{}, refuse(ErrDenied, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return verified{}, refuse(ErrDenied, errors.New("token response without id_token"))
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: b.cfg.ClientID, Now: b.clock}).Verify(ctx, raw)
	if err != nil {
		return verified{}, refuse(b.classify(raw), err)
	}
	// OpenID Connect Core 3.1.3.7: reject a token that lists audiences the client does not trust.
	if slices.ContainsFunc(idt.Audience, func(a string) bool { return a != b.cfg.ClientID }) {
		return verified{}, refuse(ErrWrongAudience, fmt.Errorf("audiences %v", idt.Audience))
	}
	if idt.Nonce != nonce {
		return verified{}, refuse(ErrNonce, nil)
	}
	v := verified{raw: raw}
	if err := idt.Claims(&v.claims); err != nil {
		return verified{}, refuse(ErrDenied, err)
	}
	v.acr, _ = v.claims["acr"].(string)
	return v, nil
}

// classify says which check a token that failed verification broke, from its unverified payload.
func (b *broker) classify(raw string) error {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return ErrBadSignature
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c struct {
		Iss string          `json:"iss"`
		Aud json.RawMessage `json:"aud"`
		Exp float64         `json:"exp"`
	}
	if err != nil || json.Unmarshal(payload, &c) != nil {
		return ErrBadSignature
	}
	var aud []string
	if json.Unmarshal(c.Aud, &aud) != nil {
		var one string
		json.Unmarshal(c.Aud, &one)
		aud = []string{one}
	}
	switch {
	case c.Iss != b.cfg.Issuer:
		return ErrWrongIssuer
	case !slices.Contains(aud, b.cfg.ClientID) || len(aud) != 1:
		return ErrWrongAudience
	case c.Exp != 0 && !b.clock().Before(time.Unix(int64(c.Exp), 0)):
		return ErrExpired
	}
	return ErrBadSignature
}

// logoutURL is the broker's end_session URL for this ID token, or "" when the broker has none.
func (b *broker) logoutURL(ctx context.Context, idToken, returnTo string) string {
	if _, err := b.discover(ctx); err != nil || b.endSession == "" {
		return ""
	}
	q := "id_token_hint=" + urlEscape(idToken) + "&client_id=" + urlEscape(b.cfg.ClientID)
	if returnTo != "" {
		q += "&post_logout_redirect_uri=" + urlEscape(returnTo)
	}
	sep := "?"
	if strings.Contains(b.endSession, "?") {
		sep = "&"
	}
	return b.endSession + sep + q
}
