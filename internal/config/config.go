// Package config declares loket's settings once: name, default, LOKET_* environment variable, flag and
// how the text becomes a typed value. Load parses every setting once, at start-up, into durations,
// numbers, lists and switches, and reports every bad value at once, one error per flag; consumers read
// the typed fields and never parse. Settings are passed down as a value; there is no global
// configuration. config imports no other loket package: settings whose grammar a capability owns
// (opening hours, service levels, the waiting rules, the identity claim and role tables) stay text here
// and are parsed by the app when it starts (app.CheckSettings reports them with the same flag names).
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Config holds every setting of a running loket. A field set in Go before Load wins over the environment
// and the default, as a flag does; Set gives a setting as text, the way a flag does.
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
	// LinkCheckInterval is how often the links in articles are checked; 0 turns it off.
	LinkCheckInterval time.Duration

	SMTPAddr       string   // listen address of the SMTP intake; empty turns it off
	SMTPDomain     string   // mail domain: SMTP greeting and Message-IDs
	SMTPRecipients []string // addresses the SMTP intake accepts mail for
	SMTPRelay      string   // host:port of the relay outbound e-mail goes through; empty keeps mail queued
	MailFrom       string   // sender of outbound e-mail
	// The text of settings whose grammar the contact capability owns; app parses them at start-up.
	ContactHours  string // opening hours in which service-level clocks run
	ServiceLevels string // service-level targets per channel, e.g. "email=8h/24h; chat=2m/1h"
	WaitingDays   string // working days before reminding a resident who does not answer, and before closing: "5/10"

	IMAPAddr     string        // host:port of an IMAP mailbox to fetch mail from; empty turns it off
	IMAPUser     string        // IMAP login name
	IMAPPassword string        // IMAP password
	IMAPMailbox  string        // folder that is read, usually INBOX
	IMAPTLS      string        // "auto" (implicit TLS on port 993), "on", "starttls" or "off"
	IMAPInterval time.Duration // how often the mailbox is read when the server has no IDLE, and the IDLE fallback
	IMAPMoveTo   string        // folder stored messages are moved to; empty: they stay and are marked seen

	ChatHours           string   // opening hours of the live chat (parsed by app); empty: the contact hours; "altijd": always
	ChatMaxPerAgent     int      // chats one agent handles at once
	ChatMaxWaiting      int      // chats that may wait in the queue
	WhatsAppVerifyToken string   // echoed in the webhook GET verification
	WhatsAppAppSecret   string   // HMAC key of X-Hub-Signature-256; empty turns the webhook off
	WhatsAppToken       string   // Graph API bearer token
	WhatsAppAPIURL      string   // Graph API base URL
	WhatsAppPhoneNumber string   // phone number id of the business number
	WhatsAppTemplates   []string // approved template names
	// WhatsAppCloseTemplate is the approved template that tells a resident outside the 24-hour window that
	// their waiting question was closed; its body variable {{1}} is the reference number.
	WhatsAppCloseTemplate string

	Security Security // limits, relay security, retention (security.go)

	// Resident and entrepreneur login through an OpenID Connect broker (DigiD, eHerkenning).
	IdentityIssuer         string   // broker issuer URL; empty turns login off
	IdentityClientID       string   // loket's client id at the broker
	IdentityClientSecret   string   // loket's client secret at the broker
	IdentityScopes         []string // extra scopes
	IdentityClaims         string   // claim names, "bsn=...; kvk=..." (parsed by the identity capability)
	IdentityLevels         string   // acr values per level, "midden=urn:...; eh3=urn:..." (parsed by the identity capability)
	IdentityKey            string   // 32-byte key (base64) that encrypts BSNs and sessions
	IdentityMinDigiD       string   // level Mijn loket asks of DigiD
	IdentityMinEHerkenning string   // level Mijn loket asks of eHerkenning

	// Staff sign-in with the organisation's OpenID Connect provider, and local passwords.
	StaffSSOIssuer       string   // empty: SSO off
	StaffSSOClientID     string   // loket's client id at the staff provider
	StaffSSOClientSecret string   // loket's client secret at the staff provider
	StaffSSOScopes       []string // besides openid
	StaffSSOGroupsClaim  string   // claim with the groups or roles
	StaffSSORoles        string   // "group=role; group=role", strongest first (parsed by the identity capability)
	StaffSSOCreate       bool     // make an account at first sign-in
	StaffLocalPasswords  bool     // staff may sign in with a loket password (false: only SSO)
	StaffTOTPRequired    bool     // every password sign-in needs a code (enrolled at the next sign-in)

	// Fees paid online through Mollie's Payments API.
	MollieAPIKey string // live_... or test_...; empty turns online payment off
	MollieAPIURL string // API base URL

	// DemoTestLogin marks resident login and staff SSO as the demo's test broker (pages say it is a test
	// login). It has no flag or environment variable: only `loket demo` sets it.
	DemoTestLogin bool

	text map[string]string // settings given as text by a flag or Set, by name
}

// option is one row of the settings table: a new setting is a field in Config and one row here.
type option struct {
	name, env, def, usage string
	secret                bool // may also come from $ENV_FILE
	field                 field
}

// str is a text setting checked by validate; it and the helpers in field.go keep the rows short.
func str(get func(*Config) *string, validate ...func(string) error) field {
	return text(get, validate...)
}

var options = []option{
	{name: "addr", env: "LOKET_ADDR", def: "127.0.0.1:8080", usage: "listen address (host:port)",
		field: str(func(c *Config) *string { return &c.Addr }, validateAddr)},
	{name: "db", env: "LOKET_DB", def: "loket.db", usage: "database: a SQLite file path or a postgres:// URL",
		field: str(func(c *Config) *string { return &c.DB }, notEmpty), secret: true},
	{name: "data-dir", env: "LOKET_DATA_DIR", def: "data", usage: "directory for uploaded files",
		field: str(func(c *Config) *string { return &c.DataDir }, notEmpty)},
	{name: "base-url", env: "LOKET_BASE_URL", def: "", usage: "public base URL (default http://ADDR)",
		field: str(func(c *Config) *string { return &c.BaseURL }, validateBaseURL)},
	{name: "tenant", env: "LOKET_TENANT", def: "", usage: "the tenant (municipality) a command works on, on a shared deployment",
		field: str(func(c *Config) *string { return &c.Tenant })},
	{name: "settings-file", env: "LOKET_SETTINGS_FILE", def: "", usage: "the municipality's settings as JSON, used at first start (see README)",
		field: str(func(c *Config) *string { return &c.SettingsFile })},
	{name: "host-admin-host", env: "LOKET_HOST_ADMIN_HOST", def: "", usage: "host name of the host's console for managing tenants (empty: only the tenant command)",
		field: str(func(c *Config) *string { return &c.HostAdminHost })},
	{name: "synonyms", env: "LOKET_SYNONYMS", def: "", usage: "search synonym file (default: the bundled list)",
		field: str(func(c *Config) *string { return &c.SynonymsFile })},
	{name: "log-level", env: "LOKET_LOG_LEVEL", def: "info", usage: "log level: debug, info, warn or error",
		field: str(func(c *Config) *string { return &c.LogLevel }, oneOf("debug", "info", "warn", "error"))},
	{name: "link-check-interval", env: "LOKET_LINK_CHECK_INTERVAL", def: "24h", usage: "how often links in articles are checked, e.g. 6h (0: off)",
		field: duration(func(c *Config) *time.Duration { return &c.LinkCheckInterval }, time.Minute, 366*24*time.Hour, true)},
	{name: "smtp-addr", env: "LOKET_SMTP_ADDR", def: "", usage: "SMTP intake listen address (host:port; empty: off)",
		field: str(func(c *Config) *string { return &c.SMTPAddr }, optional(validateAddr))},
	{name: "smtp-domain", env: "LOKET_SMTP_DOMAIN", def: "", usage: "mail domain for the SMTP greeting and Message-IDs (default: the municipality's mail domain)",
		field: str(func(c *Config) *string { return &c.SMTPDomain })},
	{name: "smtp-recipients", env: "LOKET_SMTP_RECIPIENTS", def: "", usage: "comma-separated addresses the SMTP intake accepts mail for (default: the municipality's e-mail address)",
		field: list(func(c *Config) *[]string { return &c.SMTPRecipients }, ",", validateAddress)},
	{name: "smtp-relay", env: "LOKET_SMTP_RELAY", def: "", usage: "SMTP relay for outbound e-mail (host:port; empty: mail stays queued)",
		field: str(func(c *Config) *string { return &c.SMTPRelay }, optional(validateAddr))},
	{name: "mail-from", env: "LOKET_MAIL_FROM", def: "", usage: "sender of outbound e-mail (default: from the municipality's settings)",
		field: str(func(c *Config) *string { return &c.MailFrom }, optional(validateAddressList))},
	{name: "contact-hours", env: "LOKET_CONTACT_HOURS", def: "ma-vr 08:30-17:00", usage: "opening hours for service levels, e.g. \"ma-vr 08:30-17:00; do 18:00-20:00\"",
		field: str(func(c *Config) *string { return &c.ContactHours }, notEmpty)},
	{name: "service-levels", env: "LOKET_SERVICE_LEVELS", def: "", usage: "service-level targets per channel in business time (first answer/closed), e.g. \"email=8h/24h; chat=2m/1h\"; channels not named keep their default",
		field: str(func(c *Config) *string { return &c.ServiceLevels }, validatePairs)},
	{name: "waiting-days", env: "LOKET_WAITING_DAYS", def: "5/10", usage: "working days a conversation waits for the resident before a reminder / before it is closed (0 turns a step off)",
		field: str(func(c *Config) *string { return &c.WaitingDays })},
	{name: "imap-addr", env: "LOKET_IMAP_ADDR", def: "", usage: "IMAP mailbox to fetch e-mail from (host:port; empty: off)",
		field: str(func(c *Config) *string { return &c.IMAPAddr }, optional(validateAddr))},
	{name: "imap-user", env: "LOKET_IMAP_USER", def: "", usage: "IMAP login name",
		field: str(func(c *Config) *string { return &c.IMAPUser })},
	{name: "imap-password", env: "LOKET_IMAP_PASSWORD", def: "", usage: "IMAP password",
		field: str(func(c *Config) *string { return &c.IMAPPassword }), secret: true},
	{name: "imap-mailbox", env: "LOKET_IMAP_MAILBOX", def: "INBOX", usage: "IMAP folder that is read",
		field: str(func(c *Config) *string { return &c.IMAPMailbox }, notEmpty)},
	{name: "imap-tls", env: "LOKET_IMAP_TLS", def: "auto", usage: "IMAP TLS: auto (implicit TLS on port 993, else off), on, starttls or off",
		field: str(func(c *Config) *string { return &c.IMAPTLS }, oneOf("auto", "on", "starttls", "off"))},
	{name: "imap-interval", env: "LOKET_IMAP_INTERVAL", def: "1m", usage: "how often the IMAP mailbox is read, e.g. 30s (with IDLE new mail comes at once)",
		field: duration(func(c *Config) *time.Duration { return &c.IMAPInterval }, time.Second, 24*time.Hour, false)},
	{name: "imap-move-to", env: "LOKET_IMAP_MOVE_TO", def: "", usage: "IMAP folder stored messages are moved to (empty: marked seen and left in place)",
		field: str(func(c *Config) *string { return &c.IMAPMoveTo })},
	{name: "chat-hours", env: "LOKET_CHAT_HOURS", def: "", usage: "opening hours of the live chat (empty: the contact hours; \"altijd\": always open)",
		field: str(func(c *Config) *string { return &c.ChatHours })},
	{name: "chat-max-per-agent", env: "LOKET_CHAT_MAX_PER_AGENT", def: "3", usage: "chats one agent handles at the same time (1-10)",
		field: integer(func(c *Config) *int { return &c.ChatMaxPerAgent }, 1, 10)},
	{name: "chat-max-waiting", env: "LOKET_CHAT_MAX_WAITING", def: "50", usage: "chats that may wait in the queue; beyond it residents are sent to the contact form (1-1000)",
		field: integer(func(c *Config) *int { return &c.ChatMaxWaiting }, 1, 1000)},
	{name: "whatsapp-verify-token", env: "LOKET_WHATSAPP_VERIFY_TOKEN", def: "", usage: "WhatsApp webhook verify token (hub.verify_token)",
		field: str(func(c *Config) *string { return &c.WhatsAppVerifyToken }), secret: true},
	{name: "whatsapp-app-secret", env: "LOKET_WHATSAPP_APP_SECRET", def: "", usage: "WhatsApp app secret for X-Hub-Signature-256 (empty: webhook off)",
		field: str(func(c *Config) *string { return &c.WhatsAppAppSecret }), secret: true},
	{name: "whatsapp-token", env: "LOKET_WHATSAPP_TOKEN", def: "", usage: "WhatsApp Graph API access token (empty: replies stay queued)",
		field: str(func(c *Config) *string { return &c.WhatsAppToken }), secret: true},
	{name: "whatsapp-api-url", env: "LOKET_WHATSAPP_API_URL", def: "https://graph.facebook.com/v21.0", usage: "WhatsApp Graph API base URL",
		field: str(func(c *Config) *string { return &c.WhatsAppAPIURL }, validateBaseURL)},
	{name: "whatsapp-phone-number-id", env: "LOKET_WHATSAPP_PHONE_NUMBER_ID", def: "", usage: "WhatsApp phone number id of the business number",
		field: str(func(c *Config) *string { return &c.WhatsAppPhoneNumber })},
	// Identity: resident and entrepreneur login (DigiD / eHerkenning through an OpenID Connect broker).
	{name: "identity-issuer", env: "LOKET_IDENTITY_ISSUER", def: "", usage: "OpenID Connect issuer URL of the DigiD/eHerkenning broker (empty: login off)",
		field: str(func(c *Config) *string { return &c.IdentityIssuer }, validateBaseURL)},
	{name: "identity-client-id", env: "LOKET_IDENTITY_CLIENT_ID", def: "", usage: "client id of loket at the broker",
		field: str(func(c *Config) *string { return &c.IdentityClientID })},
	{name: "identity-client-secret", env: "LOKET_IDENTITY_CLIENT_SECRET", def: "", usage: "client secret of loket at the broker",
		field: str(func(c *Config) *string { return &c.IdentityClientSecret }), secret: true},
	{name: "identity-scopes", env: "LOKET_IDENTITY_SCOPES", def: "", usage: "scopes besides openid, space-separated",
		field: list(func(c *Config) *[]string { return &c.IdentityScopes }, " ", nil)},
	{name: "identity-claims", env: "LOKET_IDENTITY_CLAIMS", def: "", usage: "ID-token claim names, e.g. \"bsn=urn:nl:bsn; kvk=urn:nl:kvk; vestigingsnummer=...; acting_subject=...; represented_bsn=...; represented_kvk=...; name=...\"",
		field: str(func(c *Config) *string { return &c.IdentityClaims }, validatePairs)},
	{name: "identity-levels", env: "LOKET_IDENTITY_LEVELS", def: "", usage: "acr values per level where the broker differs from the defaults, e.g. \"midden=urn:...; eh3=urn:...\"",
		field: str(func(c *Config) *string { return &c.IdentityLevels }, validatePairs)},
	{name: "identity-key", env: "LOKET_IDENTITY_KEY", def: "", usage: "32-byte key, base64, that encrypts BSNs and login sessions (openssl rand -base64 32); required with --identity-issuer",
		field: str(func(c *Config) *string { return &c.IdentityKey }, optional(validateKey)), secret: true},
	{name: "identity-min-digid", env: "LOKET_IDENTITY_MIN_DIGID", def: "midden", usage: "DigiD level Mijn loket asks for: basis, midden, substantieel or hoog",
		field: str(func(c *Config) *string { return &c.IdentityMinDigiD }, oneOf("basis", "midden", "substantieel", "hoog"))},
	{name: "identity-min-eherkenning", env: "LOKET_IDENTITY_MIN_EHERKENNING", def: "eh2+", usage: "eHerkenning level Mijn loket asks for: eh2+, eh3 or eh4",
		field: str(func(c *Config) *string { return &c.IdentityMinEHerkenning }, oneOf("eh2+", "eh3", "eh4"))},
	// Staff SSO (OpenID Connect) and local passwords.
	{name: "staff-sso-issuer", env: "LOKET_STAFF_SSO_ISSUER", def: "", usage: "OpenID Connect issuer of the staff identity provider, e.g. Entra ID or Keycloak (empty: SSO off)",
		field: str(func(c *Config) *string { return &c.StaffSSOIssuer }, validateBaseURL)},
	{name: "staff-sso-client-id", env: "LOKET_STAFF_SSO_CLIENT_ID", def: "", usage: "client id of loket at the staff identity provider",
		field: str(func(c *Config) *string { return &c.StaffSSOClientID })},
	{name: "staff-sso-client-secret", env: "LOKET_STAFF_SSO_CLIENT_SECRET", def: "", usage: "client secret of loket at the staff identity provider",
		field: str(func(c *Config) *string { return &c.StaffSSOClientSecret }), secret: true},
	{name: "staff-sso-scopes", env: "LOKET_STAFF_SSO_SCOPES", def: "profile email", usage: "scopes besides openid, space-separated",
		field: list(func(c *Config) *[]string { return &c.StaffSSOScopes }, " ", nil)},
	{name: "staff-sso-groups-claim", env: "LOKET_STAFF_SSO_GROUPS_CLAIM", def: "groups", usage: "ID-token claim with the groups or roles",
		field: str(func(c *Config) *string { return &c.StaffSSOGroupsClaim }, notEmpty)},
	{name: "staff-sso-roles", env: "LOKET_STAFF_SSO_ROLES", def: "", usage: "groups to loket roles, strongest first, e.g. \"loket-beheer=admin; loket-behandelaars=handler\"",
		field: str(func(c *Config) *string { return &c.StaffSSORoles }, validatePairs)},
	{name: "staff-sso-create-accounts", env: "LOKET_STAFF_SSO_CREATE_ACCOUNTS", def: "off", usage: "make a staff account at first SSO sign-in: on or off",
		field: switchOnOff(func(c *Config) *bool { return &c.StaffSSOCreate })},
	{name: "staff-local-passwords", env: "LOKET_STAFF_LOCAL_PASSWORDS", def: "on", usage: "staff may sign in with a loket password: on, or off (only SSO; needs --staff-sso-issuer)",
		field: switchOnOff(func(c *Config) *bool { return &c.StaffLocalPasswords })},
	{name: "staff-totp", env: "LOKET_STAFF_TOTP", def: "optional", usage: "second factor for password sign-in: optional (each account chooses) or required (needs --identity-key)",
		field: choice(func(c *Config) *bool { return &c.StaffTOTPRequired }, "required", "optional")},
	// Payment: fees through Mollie's Payments API.
	{name: "mollie-api-key", env: "LOKET_MOLLIE_API_KEY", def: "", usage: "Mollie API key (live_... or test_...; empty: online payment off)",
		field: str(func(c *Config) *string { return &c.MollieAPIKey }), secret: true},
	{name: "mollie-api-url", env: "LOKET_MOLLIE_API_URL", def: "https://api.mollie.com/v2", usage: "Mollie API base URL",
		field: str(func(c *Config) *string { return &c.MollieAPIURL }, validateBaseURL)},
	{name: "whatsapp-templates", env: "LOKET_WHATSAPP_TEMPLATES", def: "", usage: "comma-separated approved WhatsApp template names, for replies after 24 hours",
		field: list(func(c *Config) *[]string { return &c.WhatsAppTemplates }, ",", nil)},
	{name: "whatsapp-close-template", env: "LOKET_WHATSAPP_CLOSE_TEMPLATE", def: "", usage: "approved WhatsApp template (language nl, body variable {{1}}: the reference) that tells a resident after 24 hours that their waiting question was closed",
		field: str(func(c *Config) *string { return &c.WhatsAppCloseTemplate })},
}

// Register adds the named settings as flags to fs; Load reads them afterwards. Commands register only the
// settings they use ("db" for kb import, all of them for serve).
func Register(fs *flag.FlagSet, c *Config, names ...string) {
	for _, o := range options {
		if len(names) > 0 && !slices.Contains(names, o.name) {
			continue
		}
		name := o.name
		fs.Func(name, fmt.Sprintf("%s (env %s, default %q)", o.usage, o.env, o.def), func(v string) error {
			c.Set(name, v)
			return nil
		})
	}
}

// Set gives the setting name as text, as its flag does; Load parses it. Tests use it for switches, whose
// false cannot be told from unset.
func (c *Config) Set(name, value string) {
	if c.text == nil {
		c.text = map[string]string{}
	}
	c.text[name] = value
}

// Load fills settings not given as flags (or in Go) from the environment (or $ENV_FILE for secrets), then
// from the defaults, parses each into its typed field and reports every bad value at once, one error per
// flag.
func Load(c *Config, getenv func(string) string) error {
	var errs []error
	bad := map[string]bool{}
	for _, o := range options {
		if err := load(c, o, getenv); err != nil {
			errs, bad[o.name] = append(errs, flagError(o, err)), true
		}
	}
	errs = append(errs, crossChecks(c, bad)...)
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return errors.Join(errs...)
}

// load sets one option: a value given in Go is checked, any other is read from its text.
func load(c *Config, o option, getenv func(string) string) error {
	given, isText := c.text[o.name]
	if !isText && o.field.given(c) {
		return o.field.check(c)
	}
	v, err := textOf(o, given, getenv)
	if err != nil {
		return err
	}
	return o.field.parse(c, v)
}

// textOf is a setting's text: given, else the environment, else $ENV_FILE for a secret, else the default.
func textOf(o option, given string, getenv func(string) string) (string, error) {
	v := given
	if v == "" {
		v = getenv(o.env)
	}
	if v == "" && o.secret {
		if file := getenv(o.env + "_FILE"); file != "" {
			b, err := os.ReadFile(file)
			if err != nil {
				return "", fmt.Errorf("%s_FILE: %w", o.env, err)
			}
			v = strings.TrimSpace(string(b))
		}
	}
	if v == "" {
		v = o.def
	}
	return v, nil
}

// crossChecks are the rules between settings; a rule about a setting that could not be read is left out,
// so each bad value is reported once.
func crossChecks(c *Config, bad map[string]bool) []error {
	rules := []struct {
		flags  []string
		broken bool
		msg    string
	}{
		{[]string{"identity-issuer", "identity-key", "identity-client-id"}, c.IdentityIssuer != "" && (c.IdentityKey == "" || c.IdentityClientID == ""),
			"--identity-issuer needs --identity-client-id and --identity-key"},
		{[]string{"staff-totp", "identity-key"}, c.StaffTOTPRequired && c.IdentityKey == "",
			"--staff-totp required needs --identity-key, which encrypts the secrets"},
		{[]string{"staff-local-passwords", "staff-sso-issuer"}, !c.StaffLocalPasswords && c.StaffSSOIssuer == "",
			"--staff-local-passwords off needs --staff-sso-issuer, or no one can sign in"},
		{[]string{"imap-addr", "imap-user", "imap-password"}, c.IMAPAddr != "" && (c.IMAPUser == "" || c.IMAPPassword == ""),
			"--imap-addr is set: --imap-user and --imap-password (or LOKET_IMAP_PASSWORD_FILE) are needed too"},
	}
	var errs []error
	for _, r := range rules {
		if r.broken && !slices.ContainsFunc(r.flags, func(f string) bool { return bad[f] }) {
			errs = append(errs, errors.New(r.msg))
		}
	}
	return errs
}

// FlagError names a setting's flag and environment variable in front of what is wrong with it, the way
// Load reports its own errors; app uses it for the settings a capability parses.
func FlagError(name string, err error) error {
	for _, o := range options {
		if o.name == name {
			return flagError(o, err)
		}
	}
	return fmt.Errorf("--%s: %w", name, err)
}

func flagError(o option, err error) error { return fmt.Errorf("--%s / %s: %w", o.name, o.env, err) }
