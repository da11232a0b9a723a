package config

import (
	"flag"
	"go/build"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadPrecedenceFlagEnvDefault(t *testing.T) {
	var c Config
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	Register(fs, &c)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:9999", "--imap-interval", "30s"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOKET_ADDR": "0.0.0.0:1", "LOKET_DB": "postgres://x@y/z", "LOKET_IMAP_INTERVAL": "5m",
		"LOKET_CHAT_MAX_WAITING": "70"}
	if err := Load(&c, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.DB != "postgres://x@y/z" || c.DataDir != "data" {
		t.Fatalf("config %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:9999" {
		t.Fatalf("base URL %q", c.BaseURL)
	}
	// The flag wins over the environment, the environment over the default (README: chat-max-waiting 50).
	if c.IMAPInterval != 30*time.Second || c.ChatMaxWaiting != 70 || c.ChatMaxPerAgent != 3 {
		t.Fatalf("imap interval %s, chat max waiting %d, per agent %d; want 30s, 70, 3", c.IMAPInterval, c.ChatMaxWaiting, c.ChatMaxPerAgent)
	}
}

// TestDefaultsAreTyped checks every typed default against the README's table of settings, converted by
// hand: 24h, 1m, 100MB = 104,857,600 bytes, 720h = 30 days, 10m, 2160h = 90 days, 16, 60, 4, and the
// switches staff-local-passwords on, staff-sso-create-accounts off, staff-totp optional.
func TestDefaultsAreTyped(t *testing.T) {
	var c Config
	if err := Load(&c, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	s := c.Security
	if c.LinkCheckInterval != 24*time.Hour || c.IMAPInterval != time.Minute || s.AttachmentQuota != 104857600 ||
		s.DraftRetention != 30*24*time.Hour || s.SessionInterval != 10*time.Minute || s.TokenMaxAge != 90*24*time.Hour ||
		s.SMTPMaxSessions != 16 || s.SMTPPerSource != 60 || s.PasswordChecks != 4 {
		t.Errorf("typed defaults wrong: %+v", c)
	}
	if !c.StaffLocalPasswords || c.StaffSSOCreate || c.StaffTOTPRequired {
		t.Errorf("switches: local passwords %v, create accounts %v, TOTP required %v; want true, false, false",
			c.StaffLocalPasswords, c.StaffSSOCreate, c.StaffTOTPRequired)
	}
	if !slices.Equal(c.StaffSSOScopes, []string{"profile", "email"}) || len(c.SMTPRecipients) != 0 {
		t.Errorf("lists: scopes %q, recipients %q", c.StaffSSOScopes, c.SMTPRecipients)
	}
}

func TestListsSwitchesAndRangesAreParsedOnce(t *testing.T) {
	env := map[string]string{
		"LOKET_SMTP_RECIPIENTS":     "info@voorbeeld.nl, vragen@voorbeeld.nl",
		"LOKET_WHATSAPP_TEMPLATES":  "vraag_vervolg,,afspraak ",
		"LOKET_TRUSTED_PROXIES":     "10.0.0.0/8, 192.0.2.7",
		"LOKET_ATTACHMENT_QUOTA":    "50MB",
		"LOKET_LINK_CHECK_INTERVAL": "0",
		"LOKET_STAFF_TOTP":          "required",
		"LOKET_IDENTITY_KEY":        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
	}
	var c Config
	c.Set("staff-sso-create-accounts", "on")
	if err := Load(&c, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.SMTPRecipients, []string{"info@voorbeeld.nl", "vragen@voorbeeld.nl"}) ||
		!slices.Equal(c.WhatsAppTemplates, []string{"vraag_vervolg", "afspraak"}) {
		t.Errorf("lists: %q, %q", c.SMTPRecipients, c.WhatsAppTemplates)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}
	if !slices.Equal(c.Security.TrustedProxies, want) {
		t.Errorf("trusted proxies %v, want %v", c.Security.TrustedProxies, want)
	}
	if c.Security.AttachmentQuota != 50<<20 || c.LinkCheckInterval != 0 || !c.StaffTOTPRequired || !c.StaffSSOCreate {
		t.Errorf("quota %d (want 52428800), link check %s (want off), TOTP required %v, create accounts %v",
			c.Security.AttachmentQuota, c.LinkCheckInterval, c.StaffTOTPRequired, c.StaffSSOCreate)
	}
}

// TestLoadReportsEveryBadValueAtOnce: seven bad settings, each named once by its flag and variable.
func TestLoadReportsEveryBadValueAtOnce(t *testing.T) {
	env := map[string]string{"LOKET_IMAP_INTERVAL": "10ms", "LOKET_CHAT_MAX_PER_AGENT": "twaalf",
		"LOKET_ATTACHMENT_QUOTA": "veel", "LOKET_STAFF_LOCAL_PASSWORDS": "ja", "LOKET_SMTP_RECIPIENTS": "info@voorbeeld.nl, geen-adres"}
	c := Config{Addr: "no-port", BaseURL: "ftp://x", LogLevel: "loud"}
	err := Load(&c, func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"--addr / LOKET_ADDR", "--base-url", "--log-level", "--imap-interval / LOKET_IMAP_INTERVAL",
		"--chat-max-per-agent", "--attachment-quota", "--staff-local-passwords", "--smtp-recipients"} {
		if n := strings.Count(err.Error(), want); n != 1 {
			t.Errorf("error names %s %d times, want once:\n%v", want, n, err)
		}
	}
	if !strings.Contains(err.Error(), `"geen-adres" is not an e-mail address`) {
		t.Errorf("the bad recipient is not named: %v", err)
	}
}

// TestConfigIsALeaf: config imports no other loket package, so every capability may depend on it.
func TestConfigIsALeaf(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "loket/") {
			t.Errorf("config imports %s", imp)
		}
	}
}
