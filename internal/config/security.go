package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Security holds the settings that bound what loket accepts from outside and how long it keeps it.
// They are validated by Load like every other setting; the accessors return them typed.
type Security struct {
	SMTPRelayTLS      string // starttls, opportunistic, tls or off
	SMTPRelayUser     string // AUTH user at the relay; empty: no AUTH
	SMTPRelayPassword string
	SMTPMaxSessions   string // SMTP conversations at once
	SMTPPerSource     string // SMTP messages per source address per hour
	AttachmentQuota   string // attachment bytes stored per sender address per day, e.g. 50MB
	PasswordChecks    string // argon2id password checks at once; more wait in a queue
	DraftRetention    string // how long drafts and orphaned uploads are kept
	SessionInterval   string // how often expired sessions are deleted
	MetricsToken      string // bearer token for /metrics; empty: see MetricsAddr
	MetricsAddr       string // separate listen address for /metrics; empty: /metrics on the main address
	TrustedProxies    string // comma-separated addresses or CIDR ranges whose X-Forwarded-For is believed
	TokenMaxAge       string // longest lifetime of an API token
}

func init() {
	sec := func(f func(s *Security) *string) func(*Config) *string {
		return func(c *Config) *string { return f(&c.Security) }
	}
	options = append(options,
		option{name: "smtp-relay-tls", env: "LOKET_SMTP_RELAY_TLS", def: "starttls", usage: "TLS to the SMTP relay: starttls (required), opportunistic, tls (implicit, port 465) or off",
			target: sec(func(s *Security) *string { return &s.SMTPRelayTLS }), validate: oneOf("starttls", "opportunistic", "tls", "off")},
		option{name: "smtp-relay-user", env: "LOKET_SMTP_RELAY_USER", def: "", usage: "SMTP AUTH user at the relay (empty: no AUTH)",
			target: sec(func(s *Security) *string { return &s.SMTPRelayUser })},
		option{name: "smtp-relay-password", env: "LOKET_SMTP_RELAY_PASSWORD", def: "", usage: "SMTP AUTH password at the relay",
			target: sec(func(s *Security) *string { return &s.SMTPRelayPassword }), secret: true},
		option{name: "smtp-max-sessions", env: "LOKET_SMTP_MAX_SESSIONS", def: "16", usage: "SMTP intake conversations at the same time (1-1000); more are told to try later",
			target: sec(func(s *Security) *string { return &s.SMTPMaxSessions }), validate: validateIntRange(1, 1000)},
		option{name: "smtp-per-source", env: "LOKET_SMTP_PER_SOURCE", def: "60", usage: "SMTP messages one source address may deliver per hour (1-100000)",
			target: sec(func(s *Security) *string { return &s.SMTPPerSource }), validate: validateIntRange(1, 100000)},
		option{name: "attachment-quota", env: "LOKET_ATTACHMENT_QUOTA", def: "100MB", usage: "attachment bytes stored per sender address per day, e.g. 100MB",
			target: sec(func(s *Security) *string { return &s.AttachmentQuota }), validate: validateBytes},
		option{name: "password-checks", env: "LOKET_PASSWORD_CHECKS", def: "4", usage: "password checks (argon2id, 64 MiB each) at the same time (1-64); more wait briefly, then get 429",
			target: sec(func(s *Security) *string { return &s.PasswordChecks }), validate: validateIntRange(1, 64)},
		option{name: "draft-retention", env: "LOKET_DRAFT_RETENTION", def: "720h", usage: "how long request drafts and their files are kept, e.g. 720h (30 days)",
			target: sec(func(s *Security) *string { return &s.DraftRetention }), validate: validateDurationRange(time.Hour, 366*24*time.Hour)},
		option{name: "session-prune-interval", env: "LOKET_SESSION_PRUNE_INTERVAL", def: "10m", usage: "how often expired staff sessions are deleted",
			target: sec(func(s *Security) *string { return &s.SessionInterval }), validate: validateDurationRange(time.Second, 24*time.Hour)},
		option{name: "metrics-token", env: "LOKET_METRICS_TOKEN", def: "", usage: "bearer token /metrics requires (empty: /metrics only on --metrics-addr, or off)",
			target: sec(func(s *Security) *string { return &s.MetricsToken }), secret: true},
		option{name: "metrics-addr", env: "LOKET_METRICS_ADDR", def: "", usage: "separate listen address for /metrics (host:port; empty: none)",
			target: sec(func(s *Security) *string { return &s.MetricsAddr }), validate: optional(validateAddr)},
		option{name: "trusted-proxies", env: "LOKET_TRUSTED_PROXIES", def: "", usage: "comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed",
			target: sec(func(s *Security) *string { return &s.TrustedProxies }), validate: validatePrefixes},
		option{name: "token-max-age", env: "LOKET_TOKEN_MAX_AGE", def: "2160h", usage: "longest lifetime of an API token, e.g. 2160h (90 days)",
			target: sec(func(s *Security) *string { return &s.TokenMaxAge }), validate: validateDurationRange(time.Hour, 5*366*24*time.Hour)},
	)
}

// SMTPMaxSessionsN is SMTPMaxSessions as a number.
func (s Security) SMTPMaxSessionsN() int { return atoi(s.SMTPMaxSessions, 16) }

// SMTPPerSourceN is SMTPPerSource as a number.
func (s Security) SMTPPerSourceN() int { return atoi(s.SMTPPerSource, 60) }

// PasswordChecksN is PasswordChecks as a number.
func (s Security) PasswordChecksN() int { return atoi(s.PasswordChecks, 4) }

// AttachmentQuotaBytes is AttachmentQuota in bytes.
func (s Security) AttachmentQuotaBytes() int64 {
	n, err := ParseBytes(s.AttachmentQuota)
	if err != nil {
		return 100 << 20
	}
	return n
}

// DraftRetentionD is DraftRetention as a duration.
func (s Security) DraftRetentionD() time.Duration { return duration(s.DraftRetention, 30*24*time.Hour) }

// SessionIntervalD is SessionInterval as a duration.
func (s Security) SessionIntervalD() time.Duration {
	return duration(s.SessionInterval, 10*time.Minute)
}

// TokenMaxAgeD is TokenMaxAge as a duration.
func (s Security) TokenMaxAgeD() time.Duration { return duration(s.TokenMaxAge, 90*24*time.Hour) }

// TrustedProxyPrefixes is TrustedProxies as address ranges; a single address is a /32 or /128.
func (s Security) TrustedProxyPrefixes() []netip.Prefix {
	p, _ := parsePrefixes(s.TrustedProxies)
	return p
}

func atoi(v string, def int) int {
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return def
}

func duration(v string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(v); err == nil {
		return d
	}
	return def
}

// ParseBytes reads a size such as 500KB, 100MB or 1GB (powers of 1024) or a plain number of bytes.
func ParseBytes(v string) (int64, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size such as 100MB", v)
	}
	return n * mult, nil
}

func validateBytes(v string) error {
	_, err := ParseBytes(v)
	return err
}

func parsePrefixes(v string) ([]netip.Prefix, error) {
	var list []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			list = append(list, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR range", f)
		}
		list = append(list, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return list, nil
}

func validatePrefixes(v string) error {
	_, err := parsePrefixes(v)
	return err
}
