package app

import (
	"errors"
	"strings"

	"loket/internal/calendar"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/identity"
)

// capabilitySettings are the settings whose grammar a capability owns (opening hours, service levels, the
// waiting rules, the identity claim, level and role tables). config keeps their text and stays free of
// capabilities; they are parsed here, once, when loket starts, and the services get the typed values.
type capabilitySettings struct {
	contactHours calendar.Hours
	targets      map[string]contact.Target
	waiting      contact.WaitingRules
	chatHours    calendar.Hours // the contact hours unless --chat-hours says otherwise
	chatAlways   bool           // --chat-hours altijd
	claims       identity.ClaimNames
	levels       identity.Levels
	staffRoles   []identity.RoleMapping
}

// parseCapabilitySettings reads every capability setting of cfg and reports every bad one at once, one
// error per flag, named the way config names its own.
func parseCapabilitySettings(cfg config.Config) (capabilitySettings, error) {
	var s capabilitySettings
	var errs []error
	check := func(flag string, err error) {
		if err != nil {
			errs = append(errs, config.FlagError(flag, err))
		}
	}
	var err error
	s.contactHours, err = calendar.ParseHours(cfg.ContactHours)
	check("contact-hours", err)
	s.targets, err = contact.ParseTargets(cfg.ServiceLevels)
	check("service-levels", err)
	s.waiting, err = contact.ParseWaitingRules(cfg.WaitingDays)
	check("waiting-days", err)
	s.chatHours = s.contactHours
	switch cfg.ChatHours {
	case "":
	case "altijd":
		s.chatAlways = true
	default:
		s.chatHours, err = calendar.ParseHours(cfg.ChatHours)
		check("chat-hours", err)
	}
	s.claims, err = identity.ParseClaimNames(cfg.IdentityClaims)
	check("identity-claims", err)
	s.levels, err = identity.ParseLevels(cfg.IdentityLevels)
	check("identity-levels", err)
	s.staffRoles, err = identity.ParseRoleMappings(cfg.StaffSSORoles)
	check("staff-sso-roles", err)
	return s, errors.Join(errs...)
}

// CheckSettings reports every setting a capability cannot read (opening hours, service levels, ...), one
// error per flag; the commands join it with config.Load's errors, so that loket names every bad value
// at start-up at once.
func CheckSettings(cfg config.Config) error {
	_, err := parseCapabilitySettings(cfg)
	return err
}

// contactSettings are the contact centre's settings: mails signed by the municipality, service levels
// in the contact hours, the waiting rules and the attachment quota.
func contactSettings(cfg config.Config, cs capabilitySettings, municipality string) contact.Settings {
	if municipality == "" {
		municipality = "Gemeente"
	}
	return contact.Settings{
		Mailer:          contact.Mailer{Domain: cfg.SMTPDomain, BaseURL: cfg.BaseURL, Municipality: municipality},
		Levels:          contact.ServiceLevels{Hours: cs.contactHours, Targets: cs.targets},
		Waiting:         cs.waitingWith(cfg.WhatsAppCloseTemplate),
		AttachmentQuota: cfg.Security.AttachmentQuota,
	}
}

// waitingWith is the waiting rules with the WhatsApp template that tells a resident their question was closed.
func (cs capabilitySettings) waitingWith(closeTemplate string) contact.WaitingRules {
	w := cs.waiting
	w.WhatsAppTemplate = strings.TrimSpace(closeTemplate)
	return w
}
