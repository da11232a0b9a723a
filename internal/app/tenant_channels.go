package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"loket/internal/channel/email"
	"loket/internal/channel/whatsapp"
	"loket/internal/config"
	"loket/internal/municipality"
	"loket/internal/outbox"
	"loket/internal/store"
)

// openChannels loads the municipality's channel settings and returns cfg with them applied. The host's
// own App starts from its flags (so a single installation changes nothing until its administrator saves
// channels in the console); a tenant starts with none.
func (a *App) openChannels(ctx context.Context, cfg config.Config) (config.Config, error) {
	var defaults municipality.Channels
	if a.tenantID == "" {
		defaults = channelsFromConfig(cfg)
	}
	svc, err := municipality.NewChannelService(ctx, municipality.ChannelOptions{Store: a.Store, Key: cfg.IdentityKey,
		Tenant: a.tenantID, Defaults: defaults})
	if err != nil {
		return cfg, err
	}
	a.Channels = svc
	if a.tenantID == "" && svc.Saved() {
		a.log.Info("the channels saved at Beheer → Kanalen are in force; the channel flags are not used")
	}
	svc.OnChange(a.useChannels)
	// The sender of outbound mail is in the municipality's settings: a new one is used at once as well.
	a.Municipality.OnChange(func() { a.useChannels(a.Channels.Current()) })
	return applyChannels(cfg, svc.Current()), nil
}

// channelsFromConfig are the channels a configuration's flags set: the default tenant's settings.
func channelsFromConfig(cfg config.Config) municipality.Channels {
	var c municipality.Channels
	for _, r := range cfg.SMTPRecipients {
		if r = strings.ToLower(strings.TrimSpace(r)); r != "" {
			c.Email.Recipients = append(c.Email.Recipients, r)
		}
	}
	c.Email.IMAPAddr, c.Email.IMAPUser, c.Email.IMAPPassword = cfg.IMAPAddr, cfg.IMAPUser, cfg.IMAPPassword
	c.Email.IMAPMailbox, c.Email.IMAPTLS, c.Email.IMAPMoveTo = cfg.IMAPMailbox, cfg.IMAPTLS, cfg.IMAPMoveTo
	c.Email.RelayAddr, c.Email.RelayUser, c.Email.RelayPassword = cfg.SMTPRelay, cfg.Security.SMTPRelayUser, cfg.Security.SMTPRelayPassword
	c.Email.RelayTLS = cfg.Security.SMTPRelayTLS
	c.WhatsApp = municipality.WhatsAppChannel{PhoneNumberID: cfg.WhatsAppPhoneNumber, AccessToken: cfg.WhatsAppToken,
		AppSecret: cfg.WhatsAppAppSecret, VerifyToken: cfg.WhatsAppVerifyToken}
	c.WhatsApp.Templates = slices.Clone(cfg.WhatsAppTemplates)
	c.Login = municipality.LoginChannel{Issuer: cfg.IdentityIssuer, ClientID: cfg.IdentityClientID, ClientSecret: cfg.IdentityClientSecret,
		Scopes: strings.Join(cfg.IdentityScopes, " "), Claims: cfg.IdentityClaims, Levels: cfg.IdentityLevels}
	c.StaffSSO = municipality.StaffSSOChannel{Issuer: cfg.StaffSSOIssuer, ClientID: cfg.StaffSSOClientID, ClientSecret: cfg.StaffSSOClientSecret,
		Scopes: strings.Join(cfg.StaffSSOScopes, " "), GroupsClaim: cfg.StaffSSOGroupsClaim, Roles: cfg.StaffSSORoles, CreateAccounts: cfg.StaffSSOCreate}
	c.Payment.MollieAPIKey = cfg.MollieAPIKey
	return c
}

// applyChannels is cfg with the municipality's channels in place of the channel flags. A municipality
// without a relay of its own sends through the host's relay, always with its own sender.
func applyChannels(cfg config.Config, c municipality.Channels) config.Config {
	cfg.SMTPRecipients = slices.Clone(c.Email.Recipients)
	cfg.IMAPAddr, cfg.IMAPUser, cfg.IMAPPassword = c.Email.IMAPAddr, c.Email.IMAPUser, c.Email.IMAPPassword
	cfg.IMAPMailbox, cfg.IMAPTLS, cfg.IMAPMoveTo = c.Email.IMAPMailbox, c.Email.IMAPTLS, c.Email.IMAPMoveTo
	if cfg.IMAPMailbox == "" {
		cfg.IMAPMailbox = "INBOX"
	}
	if cfg.IMAPTLS == "" {
		cfg.IMAPTLS = "auto"
	}
	if c.Email.RelayAddr != "" {
		cfg.SMTPRelay = c.Email.RelayAddr
		cfg.Security.SMTPRelayUser, cfg.Security.SMTPRelayPassword = c.Email.RelayUser, c.Email.RelayPassword
		cfg.Security.SMTPRelayTLS = c.Email.RelayTLS
		if cfg.Security.SMTPRelayTLS == "" {
			cfg.Security.SMTPRelayTLS = email.RelayTLSStartTLS
		}
	}
	w := c.WhatsApp
	cfg.WhatsAppPhoneNumber, cfg.WhatsAppToken, cfg.WhatsAppAppSecret, cfg.WhatsAppVerifyToken = w.PhoneNumberID, w.AccessToken, w.AppSecret, w.VerifyToken
	cfg.WhatsAppTemplates = slices.Clone(w.Templates)
	l := c.Login
	cfg.IdentityIssuer, cfg.IdentityClientID, cfg.IdentityClientSecret = l.Issuer, l.ClientID, l.ClientSecret
	cfg.IdentityScopes, cfg.IdentityClaims, cfg.IdentityLevels = strings.Fields(l.Scopes), l.Claims, l.Levels
	s := c.StaffSSO
	cfg.StaffSSOIssuer, cfg.StaffSSOClientID, cfg.StaffSSOClientSecret = s.Issuer, s.ClientID, s.ClientSecret
	cfg.StaffSSOScopes, cfg.StaffSSORoles = strings.Fields(s.Scopes), s.Roles
	if s.GroupsClaim != "" {
		cfg.StaffSSOGroupsClaim = s.GroupsClaim
	}
	cfg.StaffSSOCreate = s.CreateAccounts
	if cfg.StaffSSOIssuer == "" {
		cfg.StaffLocalPasswords = true // without SSO a password is the only way in
	}
	cfg.MollieAPIKey = c.Payment.MollieAPIKey
	return cfg
}

// startChannels starts what the channels of cfg run in the background: the IMAP fetcher, the outbox
// e-mail sender and the WhatsApp sender.
func (a *App) startChannels(cfg config.Config) error {
	workers := cfg
	workers.SMTPAddr = "" // the listener is the App's own (a.mail)
	m, err := email.Start(workers, a.Store, a.Contact.Intake, a.log)
	if err != nil {
		return err
	}
	a.channelMail = m
	a.stopWhatsApp, a.whatsAppDone = nil, nil
	if cfg.WhatsAppToken != "" && cfg.WhatsAppPhoneNumber != "" {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		worker := &outbox.Worker[store.QueuedWhatsApp]{Name: "whatsapp", Queue: a.Store.WhatsAppQueue(), Log: a.log, Clock: a.clock, Poll: time.Second,
			Sender: whatsapp.Outbound{Client: &whatsapp.Client{APIURL: cfg.WhatsAppAPIURL,
				PhoneNumberID: cfg.WhatsAppPhoneNumber, Token: cfg.WhatsAppToken}}}
		go func() {
			defer close(done)
			worker.Run(ctx)
		}()
		a.stopWhatsApp, a.whatsAppDone = cancel, done
	}
	return nil
}

// stopChannels stops what startChannels started and waits for it.
func (a *App) stopChannels() {
	if a.channelMail != nil {
		a.channelMail.Close()
		a.channelMail = nil
	}
	if a.stopWhatsApp != nil {
		a.stopWhatsApp()
		<-a.whatsAppDone
		a.stopWhatsApp = nil
	}
}

// useChannels puts changed channel settings into force on this instance at once: a new IMAP fetcher,
// outbox senders and web surfaces (login, staff sign-in, payment, WhatsApp webhook). Mail queued in the
// outbox meanwhile waits for the new sender; nothing is lost.
func (a *App) useChannels(c municipality.Channels) {
	a.chanMu.Lock()
	defer a.chanMu.Unlock()
	if a.closing {
		return
	}
	cfg := applyChannels(mailFromSettings(a.rawCfg, a.Municipality.Current()), c)
	srv, err := a.buildWeb(cfg)
	if err != nil {
		a.log.Error("channel settings not in force", "err", err)
		return
	}
	a.current.Store(&surfaces{srv: srv, h: srv.Handler()})
	a.stopChannels()
	if err := a.startChannels(cfg); err != nil {
		a.log.Error("channel settings: start e-mail", "err", err)
	}
	a.log.Info("channel settings in force", "recipients", len(c.Email.Recipients), "imap", c.Email.IMAPAddr != "",
		"relay", c.Email.RelayAddr != "", "whatsapp", c.WhatsApp.PhoneNumberID != "", "login", c.Login.Issuer != "")
}

// ownMailbox routes an intake address of this municipality to its own inbox.
func (a *App) ownMailbox(rcpt string) (email.Mailbox, bool) {
	if !a.Channels.Current().HasRecipient(rcpt) {
		return email.Mailbox{}, false
	}
	return email.Mailbox{Key: a.tenantID, Deliver: a.mail.Deliver}, true
}

// checkIMAP logs in to a mailbox once, for the console's "Test de verbinding".
func checkIMAP(ctx context.Context, c municipality.EmailChannel) error {
	cfg := applyChannels(config.Config{IMAPInterval: time.Minute}, municipality.Channels{Email: c})
	imapCfg := email.IMAPConfigFrom(cfg)
	return email.CheckLogin(ctx, imapCfg)
}
