package municipality

import (
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"loket/internal/identity"
	"loket/internal/problem"
)

// Channels are the ways one municipality is reached and reaches out, as its administrator sets them: the
// e-mail addresses and mailbox of its intake, the relay its mail leaves through, its WhatsApp number, the
// login broker for residents, staff sign-in and the payment account. On a shared deployment each
// municipality has its own; the secrets among them are sealed with the host's key before they are stored.
type Channels struct {
	Email    EmailChannel    `json:"email"`
	WhatsApp WhatsAppChannel `json:"whatsapp"`
	Login    LoginChannel    `json:"login"`
	StaffSSO StaffSSOChannel `json:"staff_sso"`
	Payment  PaymentChannel  `json:"payment"`
}

// EmailChannel is the e-mail intake and the outbound relay.
type EmailChannel struct {
	// Recipients are the addresses the deployment's SMTP intake accepts for this municipality.
	Recipients []string `json:"recipients"`
	// The IMAP mailbox polled for this municipality; empty IMAPAddr: none.
	IMAPAddr     string `json:"imap_addr"` // host:port
	IMAPUser     string `json:"imap_user"`
	IMAPPassword string `json:"imap_password"` // secret
	IMAPMailbox  string `json:"imap_mailbox"`  // INBOX when empty
	IMAPTLS      string `json:"imap_tls"`      // auto, on, starttls, off
	IMAPMoveTo   string `json:"imap_move_to"`  // folder for stored messages; empty: marked read
	// The relay outbound mail leaves through; empty RelayAddr: the host's relay, with this municipality's
	// own sender (Settings.MailFrom).
	RelayAddr     string `json:"relay_addr"`
	RelayUser     string `json:"relay_user"`
	RelayPassword string `json:"relay_password"` // secret
	RelayTLS      string `json:"relay_tls"`      // starttls, opportunistic, tls, off
}

// WhatsAppChannel is the municipality's WhatsApp Business number in Meta's Cloud API.
type WhatsAppChannel struct {
	PhoneNumberID string   `json:"phone_number_id"` // routes incoming webhooks to this municipality
	AccessToken   string   `json:"access_token"`    // secret: Graph API bearer token
	AppSecret     string   `json:"app_secret"`      // secret: key of the webhook signature
	VerifyToken   string   `json:"verify_token"`    // secret: the webhook subscription check
	Templates     []string `json:"templates"`       // approved templates for replies after 24 hours
}

// LoginChannel is the OpenID Connect broker residents log in through (DigiD, eHerkenning).
type LoginChannel struct {
	Issuer       string `json:"issuer"` // empty: resident login off
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"` // secret
	Scopes       string `json:"scopes"`        // extra scopes, space-separated
	Claims       string `json:"claims"`        // claim names, "bsn=...; kvk=..."
	Levels       string `json:"levels"`        // acr values per level
}

// StaffSSOChannel is the organisation's identity provider staff sign in with.
type StaffSSOChannel struct {
	Issuer         string `json:"issuer"` // empty: staff SSO off
	ClientID       string `json:"client_id"`
	ClientSecret   string `json:"client_secret"` // secret
	Scopes         string `json:"scopes"`
	GroupsClaim    string `json:"groups_claim"`
	Roles          string `json:"roles"` // "group=role; group=role", strongest first
	CreateAccounts bool   `json:"create_accounts"`
}

// PaymentChannel is the municipality's account at the payment provider.
type PaymentChannel struct {
	MollieAPIKey string `json:"mollie_api_key"` // secret; empty: online payment off
}

// Secret names, as the console and the audit log call them.
const (
	SecretIMAPPassword   = "email.imap_password"
	SecretRelayPassword  = "email.relay_password"
	SecretWhatsAppToken  = "whatsapp.access_token"
	SecretWhatsAppApp    = "whatsapp.app_secret"
	SecretWhatsAppVerify = "whatsapp.verify_token"
	SecretLogin          = "login.client_secret"
	SecretStaffSSO       = "staff_sso.client_secret"
	SecretMollie         = "payment.mollie_api_key"
)

// secrets are pointers to every secret of c, by name.
func (c *Channels) secrets() map[string]*string {
	return map[string]*string{
		SecretIMAPPassword: &c.Email.IMAPPassword, SecretRelayPassword: &c.Email.RelayPassword,
		SecretWhatsAppToken: &c.WhatsApp.AccessToken, SecretWhatsAppApp: &c.WhatsApp.AppSecret,
		SecretWhatsAppVerify: &c.WhatsApp.VerifyToken, SecretLogin: &c.Login.ClientSecret,
		SecretStaffSSO: &c.StaffSSO.ClientSecret, SecretMollie: &c.Payment.MollieAPIKey,
	}
}

// SecretsSet names the secrets that have a value, for "ingesteld" in the console.
func (c Channels) SecretsSet() map[string]bool {
	set := map[string]bool{}
	for name, p := range c.secrets() {
		if *p != "" {
			set[name] = true
		}
	}
	return set
}

// WithoutSecrets is c with every secret blanked: what a page may show.
func (c Channels) WithoutSecrets() Channels {
	c.Email.Recipients = slices.Clone(c.Email.Recipients)
	c.WhatsApp.Templates = slices.Clone(c.WhatsApp.Templates)
	for _, p := range c.secrets() {
		*p = ""
	}
	return c
}

// HasRecipient reports whether addr (any case) is one of the intake addresses.
func (c Channels) HasRecipient(addr string) bool {
	return slices.Contains(c.Email.Recipients, strings.ToLower(strings.TrimSpace(addr)))
}

// Limits of the channel settings.
const (
	MaxRecipients = 20
	maxText       = 200
)

var (
	digitsRe   = regexp.MustCompile(`^[0-9]{5,20}$`)
	templateRe = regexp.MustCompile(`^[a-z0-9_]{1,100}$`)
	mollieRe   = regexp.MustCompile(`^(live|test)_[A-Za-z0-9]{20,60}$`)
)

// Validate checks every channel setting at once; it normalizes the addresses (lower case). It is called
// with the secrets in place, so a mailbox without a password is refused.
func (c *Channels) Validate() error {
	var f problem.Fields
	c.validateEmail(&f)
	c.validateWhatsApp(&f)
	c.validateLogin(&f)
	c.validateStaffSSO(&f)
	if k := c.Payment.MollieAPIKey; k != "" && !mollieRe.MatchString(k) {
		f.Add("payment.mollie_api_key", "Dit is geen API-sleutel van Mollie. Een sleutel begint met live_ of test_, gevolgd door letters en cijfers.")
	}
	for field, v := range map[string]string{"email.imap_user": c.Email.IMAPUser, "email.imap_mailbox": c.Email.IMAPMailbox,
		"email.imap_move_to": c.Email.IMAPMoveTo, "email.relay_user": c.Email.RelayUser, "login.client_id": c.Login.ClientID,
		"login.scopes": c.Login.Scopes, "staff_sso.client_id": c.StaffSSO.ClientID, "staff_sso.scopes": c.StaffSSO.Scopes,
		"staff_sso.groups_claim": c.StaffSSO.GroupsClaim} {
		if len(v) > maxText || strings.ContainsAny(v, "\r\n\x00") {
			f.Add(field, "Gebruik hoogstens 200 tekens op één regel.")
		}
	}
	return f.Err()
}

func (c *Channels) validateEmail(f *problem.Fields) {
	e := &c.Email
	seen := map[string]bool{}
	var clean []string
	for _, r := range e.Recipients {
		r = strings.ToLower(strings.TrimSpace(r))
		if r == "" {
			continue
		}
		a, err := mail.ParseAddress(r)
		if err != nil || a.Address != r || a.Name != "" {
			f.Add("email.recipients", "‘"+r+"’ is geen e-mailadres. Schrijf één adres per regel, zoals info@gemeente.nl.")
			continue
		}
		if seen[r] {
			f.Add("email.recipients", "Het adres ‘"+r+"’ staat er twee keer in.")
			continue
		}
		seen[r] = true
		clean = append(clean, r)
	}
	if len(clean) > MaxRecipients {
		f.Add("email.recipients", "Geef hoogstens 20 adressen.")
	}
	e.Recipients = clean
	if e.IMAPAddr != "" {
		if msg := checkHostPort(e.IMAPAddr); msg != "" {
			f.Add("email.imap_addr", msg)
		}
		if e.IMAPUser == "" {
			f.Add("email.imap_user", "Vul de gebruikersnaam van de mailbox in.")
		}
		if e.IMAPPassword == "" {
			f.Add("email.imap_password", "Vul het wachtwoord van de mailbox in.")
		}
		if !slices.Contains([]string{"", "auto", "on", "starttls", "off"}, e.IMAPTLS) {
			f.Add("email.imap_tls", "Kies hoe de verbinding met de mailbox beveiligd is.")
		} else if e.IMAPTLS == "off" && !loopback(e.IMAPAddr) {
			f.Add("email.imap_tls", "Zonder beveiliging gaat het wachtwoord leesbaar over het netwerk. Kies TLS of STARTTLS.")
		}
	}
	if e.RelayAddr != "" {
		if msg := checkHostPort(e.RelayAddr); msg != "" {
			f.Add("email.relay_addr", msg)
		}
		if !slices.Contains([]string{"", "starttls", "opportunistic", "tls", "off"}, e.RelayTLS) {
			f.Add("email.relay_tls", "Kies hoe de verbinding met de mailserver beveiligd is.")
		}
		if e.RelayUser != "" && e.RelayPassword == "" {
			f.Add("email.relay_password", "Vul het wachtwoord bij de gebruikersnaam van de mailserver in.")
		}
	}
}

func (c *Channels) validateWhatsApp(f *problem.Fields) {
	w := &c.WhatsApp
	if w.PhoneNumberID == "" {
		return
	}
	if !digitsRe.MatchString(w.PhoneNumberID) {
		f.Add("whatsapp.phone_number_id", "Het telefoonnummer-id bestaat uit 5 tot 20 cijfers. U vindt het in WhatsApp Manager bij API-instellingen.")
	}
	if w.AccessToken == "" {
		f.Add("whatsapp.access_token", "Vul de toegangssleutel (access token) in; zonder kan loket geen antwoorden sturen.")
	}
	if w.AppSecret == "" {
		f.Add("whatsapp.app_secret", "Vul het app-geheim in; zonder kan loket niet controleren dat berichten echt van WhatsApp komen.")
	}
	for _, t := range w.Templates {
		if !templateRe.MatchString(t) {
			f.Add("whatsapp.templates", "‘"+t+"’ is geen naam van een sjabloon. Gebruik kleine letters, cijfers en liggende streepjes.")
		}
	}
}

func (c *Channels) validateLogin(f *problem.Fields) {
	l := c.Login
	if l.Issuer == "" {
		return
	}
	checkClient(f, "login", "de inlogdienst", l.Issuer, l.ClientID, l.ClientSecret)
	if _, err := identity.ParseClaimNames(l.Claims); err != nil {
		f.Add("login.claims", "Schrijf de namen als bsn=naam; kvk=naam, gescheiden door puntkomma's.")
	}
	if _, err := identity.ParseLevels(l.Levels); err != nil {
		f.Add("login.levels", "Schrijf de niveaus als midden=waarde; eh3=waarde, gescheiden door puntkomma's.")
	}
}

func (c *Channels) validateStaffSSO(f *problem.Fields) {
	s := c.StaffSSO
	if s.Issuer == "" {
		return
	}
	checkClient(f, "staff_sso", "de identiteitsdienst", s.Issuer, s.ClientID, s.ClientSecret)
	if roles, err := identity.ParseRoleMappings(s.Roles); err != nil || len(roles) == 0 {
		f.Add("staff_sso.roles", "Schrijf welke groep welke rol krijgt, zoals kcc=agent; redactie=editor, gescheiden door puntkomma's.")
	}
}

// checkClient checks an OpenID Connect client's issuer, id and secret, the fields under prefix; service
// names who gave them in the messages.
func checkClient(f *problem.Fields, prefix, service, issuer, id, secret string) {
	if msg := checkIssuer(issuer); msg != "" {
		f.Add(prefix+".issuer", msg)
	}
	if id == "" {
		f.Add(prefix+".client_id", "Vul de client-id in die u van "+service+" kreeg.")
	}
	if secret == "" {
		f.Add(prefix+".client_secret", "Vul het client-geheim in dat u van "+service+" kreeg.")
	}
}

// checkHostPort says what is wrong with a host:port, or "".
func checkHostPort(addr string) string {
	host, portText, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(portText)
	if err != nil || perr != nil || port < 1 || port > 65535 || host == "" || !validHost(host) {
		return "Schrijf de server als naam:poort, zoals mail.gemeente.nl:993."
	}
	return ""
}

func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// checkIssuer says what is wrong with an OpenID Connect issuer URL, or "": https, or http on this machine.
func checkIssuer(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !validHost(u.Hostname()) {
		return "Schrijf het adres van de dienst volledig, zoals https://login.voorbeeld.nl."
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Host)) {
		return "Het adres moet met https:// beginnen."
	}
	return ""
}

// loopback reports whether addr (host or host:port) is this machine.
func loopback(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
