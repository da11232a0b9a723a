package tenant_test

import (
	"context"
	"strings"
	"testing"

	"loket/internal/problem"
	"loket/internal/tenant"
)

// memAdmin is a registry in memory that records what was changed and audited.
type memAdmin struct {
	list  []tenant.Tenant
	audit []string
}

func (m *memAdmin) Tenants(context.Context) ([]tenant.Tenant, error) { return m.list, nil }
func (m *memAdmin) AddTenant(_ context.Context, t tenant.Tenant) error {
	m.list = append(m.list, t)
	return nil
}
func (m *memAdmin) AddHost(_ context.Context, id, host string) error              { return nil }
func (m *memAdmin) RenameTenant(_ context.Context, id, name, actor string) error  { return nil }
func (m *memAdmin) RemoveHost(_ context.Context, id, host, actor string) error    { return nil }
func (m *memAdmin) SetTenantDisabled(context.Context, string, bool, string) error { return nil }
func (m *memAdmin) AuditTenant(_ context.Context, actor, action, id, detail string) error {
	m.audit = append(m.audit, actor+" "+action+" "+id)
	return nil
}

// TestAddRefusesWhatAnotherMunicipalityHas: an id, a host name or a reference prefix another municipality
// has is refused, all at once and naming that municipality; nothing is registered, set up or audited.
func TestAddRefusesWhatAnotherMunicipalityHas(t *testing.T) {
	ctx := context.Background()
	admin := &memAdmin{list: []tenant.Tenant{{ID: "gemeente-a", Name: "Gemeente A", Hosts: []string{"a.example"}}}}
	setups, changes := 0, 0
	svc := &tenant.Service{Admin: admin,
		Setup:    func(context.Context, tenant.Tenant, string) error { setups++; return nil },
		Changed:  func(context.Context) { changes++ },
		Prefixes: func(context.Context) (map[string]string, error) { return map[string]string{"GA": "Gemeente A"}, nil }}
	err := svc.Add(ctx, "beheer", tenant.Tenant{ID: "gemeente-a", Name: "Gemeente B", Hosts: []string{"b.example", "A.example"}}, "GA")
	fields := problem.FieldsOf(err)
	for field, want := range map[string]string{"id": "Gemeente A", "hosts": "‘a.example’ hoort al bij Gemeente A", "prefix": "gebruikt Gemeente A al"} {
		if !strings.Contains(fields[field], want) {
			t.Errorf("%s: %q, want it to say %q", field, fields[field], want)
		}
	}
	if len(admin.list) != 1 || setups != 0 || len(admin.audit) != 0 || changes != 0 {
		t.Fatalf("a refused add changed something: %d tenants, %d set-ups, audit %v, %d changes told", len(admin.list), setups, admin.audit, changes)
	}
	for _, bad := range []string{"G", "GABCDEF", "ga", "G1"} {
		if msg := problem.FieldsOf(svc.Add(ctx, "beheer", tenant.Tenant{ID: "gemeente-b", Name: "Gemeente B", Hosts: []string{"b.example"}}, bad))["prefix"]; msg == "" {
			t.Errorf("prefix %q accepted", bad)
		}
	}
	if err := svc.Add(ctx, "beheer", tenant.Tenant{ID: "gemeente-b", Name: "Gemeente B", Hosts: []string{"B.example"}}, "GB"); err != nil {
		t.Fatal(err)
	}
	if len(admin.list) != 2 || admin.list[1].Hosts[0] != "b.example" || setups != 1 || admin.audit[0] != "beheer create gemeente-b" {
		t.Errorf("after a good add: %v, %d set-ups, audit %v", admin.list, setups, admin.audit)
	}
	// The instance that made a change is told, so that it serves the new registry at once.
	if changes != 1 {
		t.Errorf("after a good add the instance was told %d times, want once", changes)
	}
	if err := svc.Rename(ctx, "beheer", "gemeente-b", "  "); err == nil || changes != 1 {
		t.Errorf("a refused rename: %v, told %d times", err, changes)
	}
	if err := svc.SetDisabled(ctx, "beheer", "gemeente-b", true); err != nil || changes != 2 {
		t.Errorf("switching off: %v, told %d times, want twice in all", err, changes)
	}
}
