package app

import (
	"context"

	"loket/internal/municipality"
	"loket/internal/store"
	"loket/internal/tenant"
)

// SetupTenant creates and migrates a new tenant's own database on the deployment whose database is
// hostDSN, and starts its settings with its name (and reference prefix, when given); its administrator
// sets the rest at Beheer → Gemeente. The CLI and the host's console both use it through tenant.Service.
func SetupTenant(hostDSN string) func(ctx context.Context, t tenant.Tenant, prefix string) error {
	return func(ctx context.Context, t tenant.Tenant, prefix string) error {
		st, err := store.OpenTenant(ctx, hostDSN, t.ID)
		if err != nil {
			return err
		}
		defer st.Close()
		svc, err := municipality.NewService(ctx, st, nil)
		if err != nil {
			return err
		}
		set := svc.Current()
		set.Name, set.MailFromName = t.Name, t.Name
		if prefix != "" {
			set.QuestionPrefix, set.RequestPrefix = prefix, prefix
		}
		return svc.Save(ctx, "system", set)
	}
}

// tenantAdmin is the service behind the host's console, on the host's own App when --host-admin-host is set.
func (a *App) openTenantAdmin() {
	if a.tenantID != "" || a.cfg.HostAdminHost == "" {
		return
	}
	a.tenantAdmin = &tenant.Service{Admin: a.Store, Setup: SetupTenant(a.Store.DSN())}
}

// TenantPrefixes reads the reference prefixes every municipality of a deployment uses (the host's own and
// each tenant's), for a command that adds a tenant without a running server.
func TenantPrefixes(host *store.Store, hostDSN string) func(ctx context.Context) (map[string]string, error) {
	return func(ctx context.Context) (map[string]string, error) {
		used := map[string]string{}
		add := func(st *store.Store) error {
			svc, err := municipality.NewService(ctx, st, nil)
			if err != nil {
				return err
			}
			set := svc.Current()
			used[set.QuestionPrefix], used[set.RequestPrefix] = set.Name, set.Name
			return nil
		}
		if err := add(host); err != nil {
			return nil, err
		}
		list, err := host.Tenants(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range list {
			st, err := store.OpenTenant(ctx, hostDSN, t.ID)
			if err != nil {
				return nil, err
			}
			err = add(st)
			st.Close()
			if err != nil {
				return nil, err
			}
		}
		return used, nil
	}
}
