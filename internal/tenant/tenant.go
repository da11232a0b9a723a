// Package tenant lets one deployment serve several municipalities. Each tenant has its own database (a
// SQLite file, or a schema of the shared PostgreSQL database) and so its own settings, knowledge base and
// search index, inbox and channels, requests, staff and tokens, insight and audit log: isolation holds by
// construction, because no query of one tenant can name another's tables. The host's own database keeps
// only the registry: which tenants exist and which host names each one answers.
//
// A single-municipality installation registers no tenants; its database is then the one tenant, and it
// answers on every host name.
package tenant

import (
	"context"
	"net"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/problem"
)

// Tenant is one municipality on a shared deployment.
type Tenant struct {
	ID      string   // "gemeente-a": names its database or schema
	Name    string   // "Gemeente A"
	Hosts   []string // host names it answers, lower case, without port
	Created time.Time
	// Disabled: switched off by a host administrator; its host names answer a neutral page.
	Disabled bool
}

// Registry keeps the tenants of a deployment; the store implements it on the host's database.
type Registry interface {
	Tenants(ctx context.Context) ([]Tenant, error)
	// AddTenant stores t; a taken id or host name is a problem.Conflict naming it.
	AddTenant(ctx context.Context, t Tenant) error
	// AddHost gives tenant id another host name; a taken host is a problem.Conflict.
	AddHost(ctx context.Context, id, host string) error
}

var (
	idRe   = regexp.MustCompile(`^[a-z][a-z0-9-]{1,40}[a-z0-9]$`)
	hostRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

// NormalizeHost turns a Host header or a typed host name into the form tenants are looked up by: lower
// case, without port or trailing dot. ok is false when it is not a host name.
func NormalizeHost(h string) (host string, ok bool) {
	h = strings.TrimSpace(strings.ToLower(h))
	if hostOnly, _, err := net.SplitHostPort(h); err == nil {
		h = hostOnly
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 || !hostRe.MatchString(h) {
		return "", false
	}
	return h, true
}

// Validate checks a new tenant and returns every problem at once; it normalizes the host names.
func (t *Tenant) Validate() error {
	var f problem.Fields
	if !idRe.MatchString(t.ID) {
		f.Add("id", "Gebruik 3 tot 42 kleine letters, cijfers of streepjes, beginnend met een letter, bijvoorbeeld gemeente-a.")
	}
	if strings.TrimSpace(t.Name) == "" || utf8.RuneCountInString(t.Name) > 80 || strings.ContainsAny(t.Name, "<>\r\n") {
		f.Add("name", "Vul de naam van de gemeente in, hoogstens 80 tekens, zonder < of >.")
	}
	if len(t.Hosts) == 0 {
		f.Add("hosts", "Geef minstens één hostnaam, bijvoorbeeld gemeente-a.example.")
	}
	seen := map[string]bool{}
	for i, h := range t.Hosts {
		n, ok := NormalizeHost(h)
		if !ok {
			f.Add("hosts", "‘"+h+"’ is geen hostnaam. Gebruik kleine letters, cijfers, punten en streepjes, bijvoorbeeld gemeente-a.example.")
			continue
		}
		if seen[n] {
			f.Add("hosts", "De hostnaam ‘"+n+"’ staat er twee keer in.")
		}
		seen[n] = true
		t.Hosts[i] = n
	}
	return f.Err()
}
