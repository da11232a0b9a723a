package config

import (
	"net/netip"
	"time"
)

// Security holds the settings that bound what loket accepts from outside and how long it keeps it,
// parsed by Load like every other setting.
type Security struct {
	SMTPRelayTLS      string         // starttls, opportunistic, tls or off
	SMTPRelayUser     string         // AUTH user at the relay; empty: no AUTH
	SMTPRelayPassword string         // AUTH password at the relay
	SMTPMaxSessions   int            // SMTP conversations at once
	SMTPPerSource     int            // SMTP messages per source address per hour
	AttachmentQuota   int64          // attachment bytes stored per sender address per day
	PasswordChecks    int            // argon2id password checks at once; more wait in a queue
	DraftRetention    time.Duration  // how long drafts and orphaned uploads are kept
	SessionInterval   time.Duration  // how often expired sessions are deleted
	MetricsToken      string         // bearer token for /metrics; empty: see MetricsAddr
	MetricsAddr       string         // separate listen address for /metrics; empty: /metrics on the main address
	TrustedProxies    []netip.Prefix // addresses or ranges whose X-Forwarded-For is believed
	TokenMaxAge       time.Duration  // longest lifetime of an API token
}

func init() {
	sec := func(c *Config) *Security { return &c.Security }
	options = append(options,
		option{name: "smtp-relay-tls", env: "LOKET_SMTP_RELAY_TLS", def: "starttls", usage: "TLS to the SMTP relay: starttls (required), opportunistic, tls (implicit, port 465) or off",
			field: str(func(c *Config) *string { return &sec(c).SMTPRelayTLS }, oneOf("starttls", "opportunistic", "tls", "off"))},
		option{name: "smtp-relay-user", env: "LOKET_SMTP_RELAY_USER", def: "", usage: "SMTP AUTH user at the relay (empty: no AUTH)",
			field: str(func(c *Config) *string { return &sec(c).SMTPRelayUser })},
		option{name: "smtp-relay-password", env: "LOKET_SMTP_RELAY_PASSWORD", def: "", usage: "SMTP AUTH password at the relay",
			field: str(func(c *Config) *string { return &sec(c).SMTPRelayPassword }), secret: true},
		option{name: "smtp-max-sessions", env: "LOKET_SMTP_MAX_SESSIONS", def: "16", usage: "SMTP intake conversations at the same time (1-1000); more are told to try later",
			field: integer(func(c *Config) *int { return &sec(c).SMTPMaxSessions }, 1, 1000)},
		option{name: "smtp-per-source", env: "LOKET_SMTP_PER_SOURCE", def: "60", usage: "SMTP messages one source address may deliver per hour (1-100000)",
			field: integer(func(c *Config) *int { return &sec(c).SMTPPerSource }, 1, 100000)},
		option{name: "attachment-quota", env: "LOKET_ATTACHMENT_QUOTA", def: "100MB", usage: "attachment bytes stored per sender address per day, e.g. 100MB",
			field: size(func(c *Config) *int64 { return &sec(c).AttachmentQuota })},
		option{name: "password-checks", env: "LOKET_PASSWORD_CHECKS", def: "4", usage: "password checks (argon2id, 64 MiB each) at the same time (1-64); more wait briefly, then get 429",
			field: integer(func(c *Config) *int { return &sec(c).PasswordChecks }, 1, 64)},
		option{name: "draft-retention", env: "LOKET_DRAFT_RETENTION", def: "720h", usage: "how long request drafts and their files are kept, e.g. 720h (30 days)",
			field: duration(func(c *Config) *time.Duration { return &sec(c).DraftRetention }, time.Hour, 366*24*time.Hour, false)},
		option{name: "session-prune-interval", env: "LOKET_SESSION_PRUNE_INTERVAL", def: "10m", usage: "how often expired staff sessions are deleted",
			field: duration(func(c *Config) *time.Duration { return &sec(c).SessionInterval }, time.Second, 24*time.Hour, false)},
		option{name: "metrics-token", env: "LOKET_METRICS_TOKEN", def: "", usage: "bearer token /metrics requires (empty: /metrics only on --metrics-addr, or off)",
			field: str(func(c *Config) *string { return &sec(c).MetricsToken }), secret: true},
		option{name: "metrics-addr", env: "LOKET_METRICS_ADDR", def: "", usage: "separate listen address for /metrics (host:port; empty: none)",
			field: str(func(c *Config) *string { return &sec(c).MetricsAddr }, optional(validateAddr))},
		option{name: "trusted-proxies", env: "LOKET_TRUSTED_PROXIES", def: "", usage: "comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed",
			field: prefixes(func(c *Config) *[]netip.Prefix { return &sec(c).TrustedProxies })},
		option{name: "token-max-age", env: "LOKET_TOKEN_MAX_AGE", def: "2160h", usage: "longest lifetime of an API token, e.g. 2160h (90 days)",
			field: duration(func(c *Config) *time.Duration { return &sec(c).TokenMaxAge }, time.Hour, 5*366*24*time.Hour, false)},
	)
}
