package app

import (
	"context"
	"fmt"
	"time"

	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/insight"
	"loket/internal/payment"
	"loket/internal/store"
)

// LoginSettings are the identity and payment settings of one municipality: the resident login broker,
// staff SSO, the second factor and the payment provider. Everything in the app reads them from this one
// value (LoginSettingsFrom builds it from the configuration), so a tenant can bring its own.
type LoginSettings struct {
	Resident  identity.Settings      // Broker.Issuer "": resident login off
	Staff     identity.StaffSettings // Broker.Issuer "": staff SSO off
	StaffTOTP bool                   // every local password sign-in needs a code
	Payments  PaymentSettings
}

// PaymentSettings name the payment provider's account (Mollie); an empty APIKey turns payment off.
type PaymentSettings struct {
	APIURL, APIKey string
	BaseURL        string // loket's public address, for the provider's return and webhook
}

// loginSettingsFrom reads the login and payment settings from the configuration and the lists parsed at
// start-up (claims, levels, roles: checked by parseCapabilitySettings).
func loginSettingsFrom(cfg config.Config, cs capabilitySettings) LoginSettings {
	var s LoginSettings
	s.Resident = identity.Settings{
		Broker: identity.BrokerConfig{Issuer: cfg.IdentityIssuer, ClientID: cfg.IdentityClientID, ClientSecret: cfg.IdentityClientSecret,
			Scopes: cfg.IdentityScopes, RedirectURL: cfg.BaseURL + "/inloggen/terug"},
		Claims: cs.claims, Levels: cs.levels, Key: cfg.IdentityKey, MinDigiD: cfg.IdentityMinDigiD, MinEHerkenning: cfg.IdentityMinEHerkenning,
		PostLogoutURL: cfg.BaseURL + "/uitgelogd", TestLogin: cfg.DemoTestLogin,
	}
	s.Staff = identity.StaffSettings{
		Broker: identity.BrokerConfig{Issuer: cfg.StaffSSOIssuer, ClientID: cfg.StaffSSOClientID, ClientSecret: cfg.StaffSSOClientSecret,
			Scopes: cfg.StaffSSOScopes, RedirectURL: cfg.BaseURL + "/beheer/inloggen/sso/terug"},
		GroupsClaim: cfg.StaffSSOGroupsClaim, Roles: cs.staffRoles, CreateAccounts: cfg.StaffSSOCreate,
		LocalPasswords: cfg.StaffLocalPasswords, PostLogoutURL: cfg.BaseURL + "/beheer/inloggen", TestLogin: cfg.DemoTestLogin,
	}
	s.StaffTOTP = cfg.StaffTOTPRequired
	s.Payments = PaymentSettings{APIURL: cfg.MollieAPIURL, APIKey: cfg.MollieAPIKey, BaseURL: cfg.BaseURL}
	return s
}

func newIdentity(s LoginSettings, st *store.Store) (*identity.Service, *identity.Links, error) {
	if s.Resident.Broker.Issuer == "" {
		return nil, nil, nil
	}
	svc, err := identity.NewService(st, s.Resident, st.Clock())
	if err != nil {
		return nil, nil, fmt.Errorf("--identity-key: %w", err)
	}
	return svc, svc.NewLinks(st), nil
}

// sweepIdentity removes idle resident sessions and unused login states every minute.
// The login in force is read at every round: the municipality may switch it on or off in the console.
func (a *App) sweepIdentity(ctx context.Context) {
	insight.Every(ctx, time.Minute, a.log, "identity sweep", func(ctx context.Context) error {
		a.chanState.Lock()
		svc := a.Identity
		a.chanState.Unlock()
		if !svc.Enabled() {
			return nil
		}
		return svc.Sweep(ctx)
	})
}

// newPayments builds online payment through Mollie; without an API key it stays off (nil).
func newPayments(s PaymentSettings, st *store.Store) *payment.Service {
	if s.APIKey == "" {
		return nil
	}
	return payment.NewService(st, payment.NewMollie(s.APIURL, s.APIKey), s.BaseURL, st.Clock())
}

// identityQuestions builds the rules of a person's questions in Mijn loket (nil without resident login):
// a reply from Mijn loket becomes the resident's message in the conversation.
func (a *App) identityQuestions(set contact.Settings) *identity.Questions {
	if !a.Identity.Enabled() {
		return nil
	}
	q := a.Identity.NewQuestions(a.Store, func(ctx context.Context, id int64, author, text string) error {
		return a.Store.AddResidentMessage(ctx, id, author, text, set)
	})
	q.Sender = func() string { return a.Municipality.Current().Name }
	return q
}

// sendPaidRequests lets the payment service send the request of a paid payment (webhook and sweeper).
func (a *App) sendPaidRequests(links *identity.Links) {
	if !a.Payments.Enabled() {
		return
	}
	a.Payments.SendWith(paidSender{store: a.Store, requests: a.Requests, appointments: a.Appointments, links: links, log: a.log})
}

// sweepPayments asks the provider, every minute, about payments a crash or a lost webhook left
// unfinished, and finishes each once.
// The payment account in force is read at every round, as the login is.
func (a *App) sweepPayments(ctx context.Context) {
	insight.Every(ctx, time.Minute, a.log, "payment sweep", func(ctx context.Context) error {
		a.chanState.Lock()
		svc := a.Payments
		a.chanState.Unlock()
		if !svc.Enabled() {
			return nil
		}
		res, err := svc.Sweep(ctx)
		if res.Sent+res.Released > 0 {
			a.log.Info("payment sweep", "checked", res.Checked, "sent", res.Sent, "released", res.Released)
		}
		return err
	})
}

// newStaffSSO builds staff sign-in with the organisation's identity provider (off without an issuer).
func newStaffSSO(s LoginSettings, st *store.Store) *identity.StaffSSO {
	return identity.NewStaffSSO(st, s.Staff, st.Clock())
}

// newTOTP builds the second factor of local staff accounts; it needs the identity key that encrypts the
// secrets, and stays off (nil) without it.
func newTOTP(s LoginSettings, st *store.Store) *identity.TOTP {
	if s.Resident.Key == "" {
		return nil
	}
	t, err := identity.NewTOTP(st, s.Resident.Key, "loket", st.Clock())
	if err != nil {
		return nil // the key is checked by config and by the identity service
	}
	t.Mandatory = s.StaffTOTP
	return t
}
