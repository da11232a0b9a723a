package tenant

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"loket/internal/problem"
)

// Admin is what the host's administrators change in the registry; the store implements it. Every change
// is written with its audit entry for actor in one transaction.
type Admin interface {
	Registry
	RenameTenant(ctx context.Context, id, name, actor string) error
	// RemoveHost takes a host name from a tenant; its last one cannot go (problem.Conflict).
	RemoveHost(ctx context.Context, id, host, actor string) error
	// SetTenantDisabled switches a tenant off (its hosts answer a neutral page) or on again.
	SetTenantDisabled(ctx context.Context, id string, disabled bool, actor string) error
	// AuditTenant records a change of tenant id that the Registry methods made.
	AuditTenant(ctx context.Context, actor, action, id, detail string) error
}

// Service is how the host's administrators manage the tenants: the CLI (loket tenant ...) and the host's
// console call it alike, so the same checks refuse the same input.
type Service struct {
	Admin Admin
	// Setup creates a new tenant's own database and starts its settings with its name and, when given, its
	// reference prefix.
	Setup func(ctx context.Context, t Tenant, prefix string) error
	// Prefixes are the reference prefixes in use on the deployment, each with the name of its municipality.
	Prefixes func(ctx context.Context) (map[string]string, error)
	// Changed, when set, is told after every change of the registry, so that the instance that made it
	// serves it at once (the others learn of it by a notification, or by their poll).
	Changed func(ctx context.Context)
}

// changed tells Changed of a change that err did not stop.
func (s *Service) changed(ctx context.Context, err error) error {
	if err == nil && s.Changed != nil {
		s.Changed(ctx)
	}
	return err
}

var prefixRe = regexp.MustCompile(`^[A-Z]{2,6}$`)

// Add registers a municipality with its host names and sets up its database. Everything is checked first
// and every problem reported at once; a taken id or host name, or a prefix another municipality uses, is
// refused and nothing is changed.
func (s *Service) Add(ctx context.Context, actor string, t Tenant, prefix string) error {
	err := t.Validate()
	var f problem.Fields
	for field, msg := range problem.FieldsOf(err) {
		f.Add(field, msg)
	}
	if err != nil && len(f) == 0 {
		return err
	}
	if err := s.checkPrefix(ctx, &f, prefix); err != nil {
		return err
	}
	list, err := s.Admin.Tenants(ctx)
	if err != nil {
		return err
	}
	for _, other := range list {
		if other.ID == t.ID {
			f.Add("id", "Er is al een gemeente met de id ‘"+t.ID+"’: "+other.Name+".")
		}
		for _, h := range other.Hosts {
			for _, mine := range t.Hosts {
				if h == mine {
					f.Add("hosts", "De hostnaam ‘"+h+"’ hoort al bij "+other.Name+".")
				}
			}
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	// Its database is ready before it is registered, so that it is served with its name from the start.
	if s.Setup != nil {
		if err := s.Setup(ctx, t, prefix); err != nil {
			return err
		}
	}
	if err := s.Admin.AddTenant(ctx, t); err != nil {
		return err
	}
	return s.changed(ctx, s.Admin.AuditTenant(ctx, actor, "create", t.ID, "naam "+t.Name+"; hosts "+strings.Join(t.Hosts, ", ")))
}

func (s *Service) checkPrefix(ctx context.Context, f *problem.Fields, prefix string) error {
	if prefix == "" {
		return nil
	}
	if !prefixRe.MatchString(prefix) {
		f.Add("prefix", "Gebruik 2 tot 6 hoofdletters, bijvoorbeeld GA.")
		return nil
	}
	if s.Prefixes == nil {
		return nil
	}
	used, err := s.Prefixes(ctx)
	if err != nil {
		return err
	}
	if owner, ok := used[prefix]; ok {
		f.Add("prefix", "Het kenmerk ‘"+prefix+"’ gebruikt "+owner+" al. Kies een ander, zodat geen twee vragen hetzelfde kenmerk krijgen.")
	}
	return nil
}

// Rename gives tenant id a new name in the registry.
func (s *Service) Rename(ctx context.Context, actor, id, name string) error {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 80 || strings.ContainsAny(name, "<>\r\n") {
		var f problem.Fields
		f.Add("name", "Vul de naam van de gemeente in, hoogstens 80 tekens, zonder < of >.")
		return f.Err()
	}
	return s.changed(ctx, s.Admin.RenameTenant(ctx, id, name, actor))
}

// AddHost gives tenant id another host name; a bad or taken one is refused.
func (s *Service) AddHost(ctx context.Context, actor, id, host string) error {
	n, ok := NormalizeHost(host)
	if !ok {
		var f problem.Fields
		f.Add("host", "‘"+host+"’ is geen hostnaam. Gebruik kleine letters, cijfers, punten en streepjes, bijvoorbeeld gemeente-a.example.")
		return f.Err()
	}
	if err := s.Admin.AddHost(ctx, id, n); err != nil {
		return err
	}
	return s.changed(ctx, s.Admin.AuditTenant(ctx, actor, "update", id, "host toegevoegd: "+n))
}

// RemoveHost takes a host name from tenant id; the last one stays.
func (s *Service) RemoveHost(ctx context.Context, actor, id, host string) error {
	return s.changed(ctx, s.Admin.RemoveHost(ctx, id, host, actor))
}

// SetDisabled switches tenant id off or on; its data stays either way.
func (s *Service) SetDisabled(ctx context.Context, actor, id string, disabled bool) error {
	return s.changed(ctx, s.Admin.SetTenantDisabled(ctx, id, disabled, actor))
}

// List is every tenant, by id.
func (s *Service) List(ctx context.Context) ([]Tenant, error) { return s.Admin.Tenants(ctx) }
