package oidctest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequest is one authorization request as op sees it.
type authRequest struct {
	id       string
	req      oidc.AuthRequest
	created  time.Time
	subject  string
	acr      string
	done     bool
	authTime time.Time
	audience []string
}

func (a *authRequest) GetID() string         { return a.id }
func (a *authRequest) GetACR() string        { return a.acr }
func (a *authRequest) GetAMR() []string      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string { return a.audience }
func (a *authRequest) GetAuthTime() time.Time {
	return a.authTime
}
func (a *authRequest) GetClientID() string { return a.req.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.req.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.req.CodeChallenge, Method: a.req.CodeChallengeMethod}
}
func (a *authRequest) GetNonce() string                   { return a.req.Nonce }
func (a *authRequest) GetRedirectURI() string             { return a.req.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return a.req.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return a.req.ResponseMode }
func (a *authRequest) GetScopes() []string                { return a.req.Scopes }
func (a *authRequest) GetState() string                   { return a.req.State }
func (a *authRequest) GetSubject() string                 { return a.subject }
func (a *authRequest) Done() bool                         { return a.done }

// notFound satisfies op.StorageNotFoundError.
type notFound struct{ what string }

func (e notFound) Error() string { return e.what + " not found" }
func (notFound) IsNotFound()     {}

// CreateAuthRequest keeps a new authorization request; without a PKCE challenge (S256) it is refused.
func (p *Provider) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if r.CodeChallenge == "" || r.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with S256 is required")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	aud := []string{r.ClientID}
	if p.audience != nil {
		aud = p.audience
	}
	a := &authRequest{id: randomID(), req: *r, created: time.Now(), audience: aud}
	p.requests[a.id] = a
	return a, nil
}

// AuthRequestByID returns a kept authorization request.
func (p *Provider) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.requests[id]; ok {
		return a, nil
	}
	return nil, notFound{"auth request"}
}

// AuthRequestByCode returns the authorization request a code was issued for.
func (p *Provider) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	p.mu.Lock()
	id, ok := p.codes[code]
	p.mu.Unlock()
	if !ok {
		return nil, notFound{"code"}
	}
	return p.AuthRequestByID(ctx, id)
}

// SaveAuthCode links a code to its authorization request.
func (p *Provider) SaveAuthCode(_ context.Context, id, code string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.codes[code] = id
	return nil
}

// DeleteAuthRequest forgets a request and its code once the code is redeemed: a code works once.
func (p *Provider) DeleteAuthRequest(_ context.Context, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.requests, id)
	for code, rid := range p.codes {
		if rid == id {
			delete(p.codes, code)
		}
	}
	return nil
}

// CreateAccessToken issues an opaque access token.
func (p *Provider) CreateAccessToken(_ context.Context, r op.TokenRequest) (string, time.Time, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, exp := randomID(), time.Now().Add(5*time.Minute)
	client := ""
	if a, ok := r.(*authRequest); ok {
		client = a.req.ClientID
	}
	p.tokens[id] = tokenInfo{subject: r.GetSubject(), client: client, expires: exp}
	return id, exp, nil
}

// CreateAccessAndRefreshTokens is not offered: the provider has no refresh tokens.
func (p *Provider) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("refresh tokens are not supported")
}

// TokenRequestByRefreshToken is not offered.
func (p *Provider) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession records that the subject's session ended (end_session).
func (p *Provider) TerminateSession(_ context.Context, userID, _ string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.terminated = append(p.terminated, userID)
	return nil
}

// RevokeToken forgets an access token.
func (p *Provider) RevokeToken(_ context.Context, token, _, _ string) *oidc.Error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.tokens, token)
	return nil
}

// GetRefreshTokenInfo is not offered.
func (p *Provider) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// SigningKey is the published key, or an unpublished one under the same key id when switched on.
func (p *Provider) SigningKey(context.Context) (op.SigningKey, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.signRogue {
		return signingKey{p.rogue}, nil
	}
	return signingKey{p.key}, nil
}

// SignatureAlgorithms lists RS256.
func (p *Provider) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

// KeySet is the JWKS: only the published key.
func (p *Provider) KeySet(context.Context) ([]op.Key, error) { return []op.Key{publicKey{p.key}}, nil }

// GetClientByClientID returns a registered client.
func (p *Provider) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.clients[id]
	if !ok {
		return nil, notFound{"client"}
	}
	return &webClient{Client: c, lifetime: p.idLifetime}, nil
}

// AuthorizeClientIDSecret checks a client's secret at the token endpoint.
func (p *Provider) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[id]; ok && c.Secret == secret {
		return nil
	}
	return oidc.ErrInvalidClient().WithDescription("wrong client secret")
}

// SetUserinfoFromScopes sets the subject; the person's claims are added from the request.
func (p *Provider) SetUserinfoFromScopes(_ context.Context, u *oidc.UserInfo, userID, _ string, _ []string) error {
	u.Subject = userID
	return nil
}

// SetUserinfoFromRequest adds the chosen person's claims to the ID token.
func (p *Provider) SetUserinfoFromRequest(_ context.Context, u *oidc.UserInfo, r op.IDTokenRequest, _ []string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, person := range p.people {
		if person.ID == r.GetSubject() {
			for k, v := range person.Claims {
				u.AppendClaims(k, v)
			}
		}
	}
	return nil
}

// SetUserinfoFromToken answers the userinfo endpoint.
func (p *Provider) SetUserinfoFromToken(ctx context.Context, u *oidc.UserInfo, tokenID, subject, _ string) error {
	p.mu.Lock()
	t, ok := p.tokens[tokenID]
	p.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return errors.New("token expired or unknown")
	}
	u.Subject = t.subject
	return nil
}

// SetIntrospectionFromToken is not offered.
func (p *Provider) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("introspection is not supported")
}

// GetPrivateClaimsFromScopes adds nothing to access tokens.
func (p *Provider) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// GetKeyByIDAndClientID is for JWT client authentication, which the provider does not offer.
func (p *Provider) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT client authentication is not supported")
}

// ValidateJWTProfileScopes is for the JWT profile grant, which the provider does not offer.
func (p *Provider) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("the JWT profile grant is not supported")
}

// Health answers the readiness probe.
func (p *Provider) Health(context.Context) error { return nil }

// webClient is a confidential web client using the code flow.
type webClient struct {
	Client
	lifetime time.Duration
}

func (c *webClient) GetID() string                    { return c.ID }
func (c *webClient) RedirectURIs() []string           { return c.Client.RedirectURIs }
func (c *webClient) PostLogoutRedirectURIs() []string { return c.Client.PostLogoutRedirectURIs }
func (c *webClient) ApplicationType() op.ApplicationType {
	return op.ApplicationTypeWeb
}
func (c *webClient) AuthMethod() oidc.AuthMethod { return oidc.AuthMethodBasic }
func (c *webClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *webClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode}
}
func (c *webClient) LoginURL(id string) string           { return "/inloggen?id=" + id }
func (c *webClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *webClient) IDTokenLifetime() time.Duration      { return c.lifetime }
func (c *webClient) DevMode() bool                       { return false }
func (c *webClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *webClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *webClient) IsScopeAllowed(scope string) bool {
	return slices.Contains([]string{"openid", "profile", "groups"}, scope) || strings.HasPrefix(scope, "loket")
}
func (c *webClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *webClient) ClockSkew() time.Duration             { return 0 }

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
