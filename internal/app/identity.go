package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"loket/internal/config"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/payment"
	"loket/internal/store"
)

// openIdentity builds resident login from the settings into a.Identity and returns the request links;
// without a broker issuer login stays off (nil).
func (a *App) openIdentity(cfg config.Config) (*identity.Links, error) {
	svc, links, err := newIdentity(cfg, a.Store)
	a.Identity = svc
	return links, err
}

func newIdentity(cfg config.Config, st *store.Store) (*identity.Service, *identity.Links, error) {
	if cfg.IdentityIssuer == "" {
		return nil, nil, nil
	}
	claims, err := identity.ParseClaimNames(cfg.IdentityClaims)
	if err != nil {
		return nil, nil, fmt.Errorf("--identity-claims: %w", err)
	}
	levels, err := identity.ParseLevels(cfg.IdentityLevels)
	if err != nil {
		return nil, nil, fmt.Errorf("--identity-levels: %w", err)
	}
	svc, err := identity.NewService(st, identity.Settings{
		Broker: identity.BrokerConfig{Issuer: cfg.IdentityIssuer, ClientID: cfg.IdentityClientID, ClientSecret: cfg.IdentityClientSecret,
			Scopes: strings.Fields(cfg.IdentityScopes), RedirectURL: cfg.BaseURL + "/inloggen/terug"},
		Claims: claims, Levels: levels, Key: cfg.IdentityKey, MinDigiD: cfg.IdentityMinDigiD, MinEHerkenning: cfg.IdentityMinEHerkenning,
		PostLogoutURL: cfg.BaseURL + "/uitgelogd",
	}, st.Clock())
	if err != nil {
		return nil, nil, fmt.Errorf("--identity-key: %w", err)
	}
	return svc, svc.NewLinks(st), nil
}

// sweepIdentity removes idle resident sessions and unused login states every minute.
func (a *App) sweepIdentity(ctx context.Context) {
	if !a.Identity.Enabled() {
		return
	}
	insight.Every(ctx, time.Minute, a.log, "identity sweep", a.Identity.Sweep)
}

// newPayments builds online payment through Mollie; without an API key it stays off (nil).
func newPayments(cfg config.Config, st *store.Store) *payment.Service {
	if cfg.MollieAPIKey == "" {
		return nil
	}
	return payment.NewService(st, payment.NewMollie(cfg.MollieAPIURL, cfg.MollieAPIKey), cfg.BaseURL, st.Clock())
}

// newStaffSSO builds staff sign-in with the organisation's identity provider (off without an issuer).
func newStaffSSO(cfg config.Config, st *store.Store) (*identity.StaffSSO, error) {
	roles, err := identity.ParseRoleMappings(cfg.StaffSSORoles)
	if err != nil {
		return nil, fmt.Errorf("--staff-sso-roles: %w", err)
	}
	return identity.NewStaffSSO(st, identity.StaffSettings{
		Broker: identity.BrokerConfig{Issuer: cfg.StaffSSOIssuer, ClientID: cfg.StaffSSOClientID, ClientSecret: cfg.StaffSSOClientSecret,
			Scopes: strings.Fields(cfg.StaffSSOScopes), RedirectURL: cfg.BaseURL + "/beheer/inloggen/sso/terug"},
		GroupsClaim: cfg.StaffSSOGroupsClaim, Roles: roles, CreateAccounts: cfg.StaffSSOCreate == "on",
		LocalPasswords: cfg.StaffLocalPasswords != "off",
	}, st.Clock()), nil
}

// newTOTP builds the second factor of local staff accounts; it needs the identity key that encrypts the
// secrets, and stays off (nil) without it.
func newTOTP(cfg config.Config, st *store.Store) *identity.TOTP {
	if cfg.IdentityKey == "" {
		return nil
	}
	t, err := identity.NewTOTP(st, cfg.IdentityKey, "loket", st.Clock())
	if err != nil {
		return nil // the key is checked by config and by the identity service
	}
	t.Mandatory = cfg.StaffTOTP == "required"
	return t
}
