// Package config declares loket's settings once: name, default, LOKET_* environment variable, flag and
// validation. Settings are parsed in main and passed down as a value; there is no global configuration.
package config

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/contact"
)

// Config holds every setting of a running loket.
type Config struct {
	Addr         string // listen address of the web server
	DB           string // SQLite file path or postgres:// URL
	DataDir      string // uploads and other files
	BaseURL      string // public base URL, used in e-mails and links
	SynonymsFile string // search synonyms; empty means the bundled list
	SettingsFile string // the municipality's settings (JSON), saved at first start when none are saved yet
	// HostAdminHost is the host name of the host's own console for managing tenants; empty: none.
	HostAdminHost string
	Tenant        string // commands: work on this tenant's database instead of the installation's
	LogLevel      string
	// LinkCheckInterval is how often the links in articles are checked, as a Go duration; 0 turns it off.
	LinkCheckInterval string

	SMTPAddr       string // listen address of the SMTP intake; empty turns it off
	SMTPDomain     string // mail domain: SMTP greeting and Message-IDs
	SMTPRecipients string // comma-separated addresses the SMTP intake accepts mail for
	SMTPRelay      string // host:port of the relay outbound e-mail goes through; empty keeps mail queued
	MailFrom       string // sender of outbound e-mail
	ContactHours   string // opening hours in which service-level clocks run
	ServiceLevels  string // service-level targets per channel, e.g. "email=8h/24h; chat=2m/1h"
	WaitingDays    string // working days before reminding a resident who does not answer, and before closing: "5/10"

	IMAPAddr     string // host:port of an IMAP mailbox to fetch mail from; empty turns it off
	IMAPUser     string // IMAP login name
	IMAPPassword string // IMAP password
	IMAPMailbox  string // folder that is read, usually INBOX
	IMAPTLS      string // "auto" (implicit TLS on port 993), "on", "starttls" or "off"
	IMAPInterval string // how often the mailbox is read when the server has no IDLE, and the IDLE fallback
	IMAPMoveTo   string // folder stored messages are moved to; empty: they stay and are marked seen

	ChatHours           string // opening hours of the live chat; empty: the contact hours; "altijd": always
	ChatMaxPerAgent     string // chats one agent handles at once
	ChatMaxWaiting      string // chats that may wait in the queue
	WhatsAppVerifyToken string // echoed in the webhook GET verification
	WhatsAppAppSecret   string // HMAC key of X-Hub-Signature-256; empty turns the webhook off
	WhatsAppToken       string // Graph API bearer token
	WhatsAppAPIURL      string // Graph API base URL
	WhatsAppPhoneNumber string // phone number id of the business number
	WhatsAppTemplates   string // comma-separated approved template names

	Security Security // limits, relay security, retention (security.go)

	// Resident and entrepreneur login through an OpenID Connect broker (DigiD, eHerkenning).
	IdentityIssuer         string // broker issuer URL; empty turns login off
	IdentityClientID       string
	IdentityClientSecret   string
	IdentityScopes         string // extra scopes, space-separated
	IdentityClaims         string // claim names, "bsn=...; kvk=..."
	IdentityLevels         string // acr values per level, "midden=urn:...; eh3=urn:..."
	IdentityKey            string // 32-byte key (base64) that encrypts BSNs and sessions
	IdentityMinDigiD       string // level Mijn loket asks of DigiD
	IdentityMinEHerkenning string // level Mijn loket asks of eHerkenning

	// Staff sign-in with the organisation's OpenID Connect provider, and local passwords.
	StaffSSOIssuer       string // empty: SSO off
	StaffSSOClientID     string
	StaffSSOClientSecret string
	StaffSSOScopes       string // besides openid, space-separated
	StaffSSOGroupsClaim  string // claim with the groups or roles
	StaffSSORoles        string // "group=role; group=role", strongest first
	StaffSSOCreate       string // "on": make an account at first sign-in
	StaffLocalPasswords  string // "off": only SSO signs staff in
	StaffTOTP            string // "required": every password sign-in needs a code (enrolled at the next sign-in)

	// Fees paid online through Mollie's Payments API.
	MollieAPIKey string // live_... or test_...; empty turns online payment off
	MollieAPIURL string // API base URL
}

// option is one row of the settings table.
type option struct {
	name, env, def, usage string
	secret                bool // may also come from $ENV_FILE
	target                func(*Config) *string
	validate              func(string) error
}

var options = []option{
	{name: "addr", env: "LOKET_ADDR", def: "127.0.0.1:8080", usage: "listen address (host:port)",
		target: func(c *Config) *string { return &c.Addr }, validate: validateAddr},
	{name: "db", env: "LOKET_DB", def: "loket.db", usage: "database: a SQLite file path or a postgres:// URL",
		target: func(c *Config) *string { return &c.DB }, validate: notEmpty, secret: true},
	{name: "data-dir", env: "LOKET_DATA_DIR", def: "data", usage: "directory for uploaded files",
		target: func(c *Config) *string { return &c.DataDir }, validate: notEmpty},
	{name: "base-url", env: "LOKET_BASE_URL", def: "", usage: "public base URL (default http://ADDR)",
		target: func(c *Config) *string { return &c.BaseURL }, validate: validateBaseURL},
	{name: "tenant", env: "LOKET_TENANT", def: "", usage: "the tenant (municipality) a command works on, on a shared deployment",
		target: func(c *Config) *string { return &c.Tenant }},
	{name: "settings-file", env: "LOKET_SETTINGS_FILE", def: "", usage: "the municipality's settings as JSON, used at first start (see README)",
		target: func(c *Config) *string { return &c.SettingsFile }},
	{name: "host-admin-host", env: "LOKET_HOST_ADMIN_HOST", def: "", usage: "host name of the host's console for managing tenants (empty: only the tenant command)",
		target: func(c *Config) *string { return &c.HostAdminHost }},
	{name: "synonyms", env: "LOKET_SYNONYMS", def: "", usage: "search synonym file (default: the bundled list)",
		target: func(c *Config) *string { return &c.SynonymsFile }},
	{name: "log-level", env: "LOKET_LOG_LEVEL", def: "info", usage: "log level: debug, info, warn or error",
		target: func(c *Config) *string { return &c.LogLevel }, validate: oneOf("debug", "info", "warn", "error")},
	{name: "link-check-interval", env: "LOKET_LINK_CHECK_INTERVAL", def: "24h", usage: "how often links in articles are checked, e.g. 6h (0: off)",
		target: func(c *Config) *string { return &c.LinkCheckInterval }, validate: validateInterval},
	{name: "smtp-addr", env: "LOKET_SMTP_ADDR", def: "", usage: "SMTP intake listen address (host:port; empty: off)",
		target: func(c *Config) *string { return &c.SMTPAddr }, validate: optional(validateAddr)},
	{name: "smtp-domain", env: "LOKET_SMTP_DOMAIN", def: "", usage: "mail domain for the SMTP greeting and Message-IDs (default: the municipality's mail domain)",
		target: func(c *Config) *string { return &c.SMTPDomain }},
	{name: "smtp-recipients", env: "LOKET_SMTP_RECIPIENTS", def: "", usage: "comma-separated addresses the SMTP intake accepts mail for (default: the municipality's e-mail address)",
		target: func(c *Config) *string { return &c.SMTPRecipients }, validate: optional(validateAddressList)},
	{name: "smtp-relay", env: "LOKET_SMTP_RELAY", def: "", usage: "SMTP relay for outbound e-mail (host:port; empty: mail stays queued)",
		target: func(c *Config) *string { return &c.SMTPRelay }, validate: optional(validateAddr)},
	{name: "mail-from", env: "LOKET_MAIL_FROM", def: "", usage: "sender of outbound e-mail (default: from the municipality's settings)",
		target: func(c *Config) *string { return &c.MailFrom }, validate: optional(validateAddressList)},
	{name: "contact-hours", env: "LOKET_CONTACT_HOURS", def: "ma-vr 08:30-17:00", usage: "opening hours for service levels, e.g. \"ma-vr 08:30-17:00; do 18:00-20:00\"",
		target: func(c *Config) *string { return &c.ContactHours }, validate: validateHours},
	{name: "service-levels", env: "LOKET_SERVICE_LEVELS", def: "", usage: "service-level targets per channel in business time (first answer/closed), e.g. \"email=8h/24h; chat=2m/1h\"; channels not named keep their default",
		target: func(c *Config) *string { return &c.ServiceLevels }, validate: validateServiceLevels},
	{name: "waiting-days", env: "LOKET_WAITING_DAYS", def: "5/10", usage: "working days a conversation waits for the resident before a reminder / before it is closed (0 turns a step off)",
		target: func(c *Config) *string { return &c.WaitingDays }, validate: func(v string) error { _, err := contact.ParseWaitingRules(v); return err }},
	{name: "imap-addr", env: "LOKET_IMAP_ADDR", def: "", usage: "IMAP mailbox to fetch e-mail from (host:port; empty: off)",
		target: func(c *Config) *string { return &c.IMAPAddr }, validate: optional(validateAddr)},
	{name: "imap-user", env: "LOKET_IMAP_USER", def: "", usage: "IMAP login name",
		target: func(c *Config) *string { return &c.IMAPUser }},
	{name: "imap-password", env: "LOKET_IMAP_PASSWORD", def: "", usage: "IMAP password",
		target: func(c *Config) *string { return &c.IMAPPassword }, secret: true},
	{name: "imap-mailbox", env: "LOKET_IMAP_MAILBOX", def: "INBOX", usage: "IMAP folder that is read",
		target: func(c *Config) *string { return &c.IMAPMailbox }, validate: notEmpty},
	{name: "imap-tls", env: "LOKET_IMAP_TLS", def: "auto", usage: "IMAP TLS: auto (implicit TLS on port 993, else off), on, starttls or off",
		target: func(c *Config) *string { return &c.IMAPTLS }, validate: oneOf("auto", "on", "starttls", "off")},
	{name: "imap-interval", env: "LOKET_IMAP_INTERVAL", def: "1m", usage: "how often the IMAP mailbox is read, e.g. 30s (with IDLE new mail comes at once)",
		target: func(c *Config) *string { return &c.IMAPInterval }, validate: validateDurationRange(time.Second, 24*time.Hour)},
	{name: "imap-move-to", env: "LOKET_IMAP_MOVE_TO", def: "", usage: "IMAP folder stored messages are moved to (empty: marked seen and left in place)",
		target: func(c *Config) *string { return &c.IMAPMoveTo }},
	{name: "chat-hours", env: "LOKET_CHAT_HOURS", def: "", usage: "opening hours of the live chat (empty: the contact hours; \"altijd\": always open)",
		target: func(c *Config) *string { return &c.ChatHours }, validate: optional(validateChatHours)},
	{name: "chat-max-per-agent", env: "LOKET_CHAT_MAX_PER_AGENT", def: "3", usage: "chats one agent handles at the same time (1-10)",
		target: func(c *Config) *string { return &c.ChatMaxPerAgent }, validate: validateIntRange(1, 10)},
	{name: "chat-max-waiting", env: "LOKET_CHAT_MAX_WAITING", def: "50", usage: "chats that may wait in the queue; beyond it residents are sent to the contact form (1-1000)",
		target: func(c *Config) *string { return &c.ChatMaxWaiting }, validate: validateIntRange(1, 1000)},
	{name: "whatsapp-verify-token", env: "LOKET_WHATSAPP_VERIFY_TOKEN", def: "", usage: "WhatsApp webhook verify token (hub.verify_token)",
		target: func(c *Config) *string { return &c.WhatsAppVerifyToken }, secret: true},
	{name: "whatsapp-app-secret", env: "LOKET_WHATSAPP_APP_SECRET", def: "", usage: "WhatsApp app secret for X-Hub-Signature-256 (empty: webhook off)",
		target: func(c *Config) *string { return &c.WhatsAppAppSecret }, secret: true},
	{name: "whatsapp-token", env: "LOKET_WHATSAPP_TOKEN", def: "", usage: "WhatsApp Graph API access token (empty: replies stay queued)",
		target: func(c *Config) *string { return &c.WhatsAppToken }, secret: true},
	{name: "whatsapp-api-url", env: "LOKET_WHATSAPP_API_URL", def: "https://graph.facebook.com/v21.0", usage: "WhatsApp Graph API base URL",
		target: func(c *Config) *string { return &c.WhatsAppAPIURL }, validate: validateBaseURL},
	{name: "whatsapp-phone-number-id", env: "LOKET_WHATSAPP_PHONE_NUMBER_ID", def: "", usage: "WhatsApp phone number id of the business number",
		target: func(c *Config) *string { return &c.WhatsAppPhoneNumber }},
	// Identity: resident and entrepreneur login (DigiD / eHerkenning through an OpenID Connect broker).
	{name: "identity-issuer", env: "LOKET_IDENTITY_ISSUER", def: "", usage: "OpenID Connect issuer URL of the DigiD/eHerkenning broker (empty: login off)",
		target: func(c *Config) *string { return &c.IdentityIssuer }, validate: validateBaseURL},
	{name: "identity-client-id", env: "LOKET_IDENTITY_CLIENT_ID", def: "", usage: "client id of loket at the broker",
		target: func(c *Config) *string { return &c.IdentityClientID }},
	{name: "identity-client-secret", env: "LOKET_IDENTITY_CLIENT_SECRET", def: "", usage: "client secret of loket at the broker",
		target: func(c *Config) *string { return &c.IdentityClientSecret }, secret: true},
	{name: "identity-scopes", env: "LOKET_IDENTITY_SCOPES", def: "", usage: "scopes besides openid, space-separated",
		target: func(c *Config) *string { return &c.IdentityScopes }},
	{name: "identity-claims", env: "LOKET_IDENTITY_CLAIMS", def: "", usage: "ID-token claim names, e.g. \"bsn=urn:nl:bsn; kvk=urn:nl:kvk; vestigingsnummer=...; acting_subject=...; represented_bsn=...; represented_kvk=...; name=...\"",
		target: func(c *Config) *string { return &c.IdentityClaims }, validate: validatePairs},
	{name: "identity-levels", env: "LOKET_IDENTITY_LEVELS", def: "", usage: "acr values per level where the broker differs from the defaults, e.g. \"midden=urn:...; eh3=urn:...\"",
		target: func(c *Config) *string { return &c.IdentityLevels }, validate: validatePairs},
	{name: "identity-key", env: "LOKET_IDENTITY_KEY", def: "", usage: "32-byte key, base64, that encrypts BSNs and login sessions (openssl rand -base64 32); required with --identity-issuer",
		target: func(c *Config) *string { return &c.IdentityKey }, secret: true, validate: optional(validateKey)},
	{name: "identity-min-digid", env: "LOKET_IDENTITY_MIN_DIGID", def: "midden", usage: "DigiD level Mijn loket asks for: basis, midden, substantieel or hoog",
		target: func(c *Config) *string { return &c.IdentityMinDigiD }, validate: oneOf("basis", "midden", "substantieel", "hoog")},
	{name: "identity-min-eherkenning", env: "LOKET_IDENTITY_MIN_EHERKENNING", def: "eh2+", usage: "eHerkenning level Mijn loket asks for: eh2+, eh3 or eh4",
		target: func(c *Config) *string { return &c.IdentityMinEHerkenning }, validate: oneOf("eh2+", "eh3", "eh4")},
	// Staff SSO (OpenID Connect) and local passwords.
	{name: "staff-sso-issuer", env: "LOKET_STAFF_SSO_ISSUER", def: "", usage: "OpenID Connect issuer of the staff identity provider, e.g. Entra ID or Keycloak (empty: SSO off)",
		target: func(c *Config) *string { return &c.StaffSSOIssuer }, validate: validateBaseURL},
	{name: "staff-sso-client-id", env: "LOKET_STAFF_SSO_CLIENT_ID", def: "", usage: "client id of loket at the staff identity provider",
		target: func(c *Config) *string { return &c.StaffSSOClientID }},
	{name: "staff-sso-client-secret", env: "LOKET_STAFF_SSO_CLIENT_SECRET", def: "", usage: "client secret of loket at the staff identity provider",
		target: func(c *Config) *string { return &c.StaffSSOClientSecret }, secret: true},
	{name: "staff-sso-scopes", env: "LOKET_STAFF_SSO_SCOPES", def: "profile email", usage: "scopes besides openid, space-separated",
		target: func(c *Config) *string { return &c.StaffSSOScopes }},
	{name: "staff-sso-groups-claim", env: "LOKET_STAFF_SSO_GROUPS_CLAIM", def: "groups", usage: "ID-token claim with the groups or roles",
		target: func(c *Config) *string { return &c.StaffSSOGroupsClaim }, validate: notEmpty},
	{name: "staff-sso-roles", env: "LOKET_STAFF_SSO_ROLES", def: "", usage: "groups to loket roles, strongest first, e.g. \"loket-beheer=admin; loket-behandelaars=handler\"",
		target: func(c *Config) *string { return &c.StaffSSORoles }, validate: validatePairs},
	{name: "staff-sso-create-accounts", env: "LOKET_STAFF_SSO_CREATE_ACCOUNTS", def: "off", usage: "make a staff account at first SSO sign-in: on or off",
		target: func(c *Config) *string { return &c.StaffSSOCreate }, validate: oneOf("on", "off")},
	{name: "staff-local-passwords", env: "LOKET_STAFF_LOCAL_PASSWORDS", def: "on", usage: "staff may sign in with a loket password: on, or off (only SSO; needs --staff-sso-issuer)",
		target: func(c *Config) *string { return &c.StaffLocalPasswords }, validate: oneOf("on", "off")},
	{name: "staff-totp", env: "LOKET_STAFF_TOTP", def: "optional", usage: "second factor for password sign-in: optional (each account chooses) or required (needs --identity-key)",
		target: func(c *Config) *string { return &c.StaffTOTP }, validate: oneOf("optional", "required")},
	// Payment: fees through Mollie's Payments API.
	{name: "mollie-api-key", env: "LOKET_MOLLIE_API_KEY", def: "", usage: "Mollie API key (live_... or test_...; empty: online payment off)",
		target: func(c *Config) *string { return &c.MollieAPIKey }, secret: true},
	{name: "mollie-api-url", env: "LOKET_MOLLIE_API_URL", def: "https://api.mollie.com/v2", usage: "Mollie API base URL",
		target: func(c *Config) *string { return &c.MollieAPIURL }, validate: validateBaseURL},
	{name: "whatsapp-templates", env: "LOKET_WHATSAPP_TEMPLATES", def: "", usage: "comma-separated approved WhatsApp template names, for replies after 24 hours",
		target: func(c *Config) *string { return &c.WhatsAppTemplates }},
}

func optional(validate func(string) error) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		return validate(v)
	}
}

// validateAddressList accepts one or more comma-separated e-mail addresses.
func validateAddressList(v string) error {
	if _, err := mail.ParseAddressList(v); err != nil {
		return fmt.Errorf("%q is not a list of e-mail addresses: %v", v, err)
	}
	return nil
}

func validateServiceLevels(v string) error {
	_, err := contact.ParseTargets(v)
	return err
}

func validateHours(v string) error {
	_, err := calendar.ParseHours(v)
	return err
}

// Register adds the named settings as flags to fs; Load reads them afterwards. Commands register only the
// settings they use ("db" for kb import, all of them for serve).
func Register(fs *flag.FlagSet, c *Config, names ...string) {
	for _, o := range options {
		if len(names) > 0 && !contains(names, o.name) {
			continue
		}
		fs.StringVar(o.target(c), o.name, "", fmt.Sprintf("%s (env %s, default %q)", o.usage, o.env, o.def))
	}
}

// Load fills settings not given as flags from the environment (or $ENV_FILE for secrets), then from the
// defaults, and validates all of them.
func Load(c *Config, getenv func(string) string) error {
	var errs []error
	for _, o := range options {
		p := o.target(c)
		if *p == "" {
			*p = getenv(o.env)
		}
		if *p == "" && o.secret {
			if file := getenv(o.env + "_FILE"); file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s_FILE: %w", o.env, err))
					continue
				}
				*p = strings.TrimSpace(string(b))
			}
		}
		if *p == "" {
			*p = o.def
		}
		if o.validate != nil {
			if err := o.validate(*p); err != nil {
				errs = append(errs, fmt.Errorf("--%s / %s: %w", o.name, o.env, err))
			}
		}
	}
	if c.IdentityIssuer != "" && (c.IdentityKey == "" || c.IdentityClientID == "") {
		errs = append(errs, errors.New("--identity-issuer needs --identity-client-id and --identity-key"))
	}
	if c.StaffTOTP == "required" && c.IdentityKey == "" {
		errs = append(errs, errors.New("--staff-totp required needs --identity-key, which encrypts the secrets"))
	}
	if c.StaffLocalPasswords == "off" && c.StaffSSOIssuer == "" {
		errs = append(errs, errors.New("--staff-local-passwords off needs --staff-sso-issuer, or no one can sign in"))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return errors.Join(errs...)
}

func validateAddr(v string) error {
	if _, _, err := net.SplitHostPort(v); err != nil {
		return fmt.Errorf("%q is not host:port", v)
	}
	return nil
}

func validateBaseURL(v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", v)
	}
	return nil
}

func notEmpty(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("must not be empty")
	}
	return nil
}

func oneOf(values ...string) func(string) error {
	return func(v string) error {
		if !contains(values, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(values, ", "))
		}
		return nil
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// validateInterval accepts a Go duration of at least a minute, or 0 for off.
func validateInterval(v string) error {
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a duration such as 6h or 30m", v)
	case d != 0 && d < time.Minute:
		return fmt.Errorf("%q is shorter than a minute; use 0 to turn the check off", v)
	}
	return nil
}

// validateDurationRange accepts a Go duration from lo to hi.
func validateDurationRange(lo, hi time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < lo || d > hi {
			return fmt.Errorf("%q is not a duration from %s to %s, such as 30s or 5m", v, lo, hi)
		}
		return nil
	}
}

// validateChatHours accepts opening hours or "altijd" (always open).
func validateChatHours(v string) error {
	if v == "altijd" {
		return nil
	}
	return validateHours(v)
}

// validateIntRange accepts a whole number from lo to hi.
func validateIntRange(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
		}
		return nil
	}
}

// validatePairs accepts "name=value; name=value" (or empty).
func validatePairs(v string) error {
	for part := range strings.SplitSeq(v, ";") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if k, val, ok := strings.Cut(part, "="); !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
			return fmt.Errorf("%q is not NAME=VALUE", part)
		}
	}
	return nil
}

// validateKey accepts 32 bytes written as base64.
func validateKey(v string) error {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
	if err != nil || len(b) != 32 {
		return errors.New("not 32 bytes in base64 (make one with: openssl rand -base64 32)")
	}
	return nil
}
