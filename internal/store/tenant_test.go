package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"loket/internal/municipality"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/tenant"
)

func TestTenantsHaveTheirOwnDatabases(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			hostDSN := filepath.Join(t.TempDir(), "loket.db")
			if dialect == store.Postgres {
				hostDSN = storetest.PostgresURL(t)
			}
			host, err := store.Open(ctx, hostDSN)
			if err != nil {
				t.Fatal(err)
			}
			defer host.Close()
			a := tenant.Tenant{ID: "gemeente-a", Name: "Gemeente A", Hosts: []string{"Gemeente-A.example:443"}}
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
			if err := host.AddTenant(ctx, a); err != nil {
				t.Fatal(err)
			}
			b := tenant.Tenant{ID: "gemeente-b", Name: "Gemeente B", Hosts: []string{"gemeente-a.example"}}
			if err := host.AddTenant(ctx, b); problem.KindOf(err) != problem.Conflict {
				t.Fatalf("a host name of another tenant: %v, want Conflict", err)
			}
			b.Hosts = []string{"gemeente-b.example", "www.gemeente-b.example"}
			if err := host.AddTenant(ctx, b); err != nil {
				t.Fatal(err)
			}
			list, err := host.Tenants(ctx)
			if err != nil || len(list) != 2 || list[0].Hosts[0] != "gemeente-a.example" || len(list[1].Hosts) != 2 {
				t.Fatalf("tenants: %+v %v", list, err)
			}

			sa, err := store.OpenTenant(ctx, hostDSN, "gemeente-a")
			if err != nil {
				t.Fatal(err)
			}
			defer sa.Close()
			sb, err := store.OpenTenant(ctx, hostDSN, "gemeente-b")
			if err != nil {
				t.Fatal(err)
			}
			defer sb.Close()
			svcA, err := municipality.NewService(ctx, sa, nil)
			if err != nil {
				t.Fatal(err)
			}
			set := svcA.Current()
			set.Name, set.MailFromName, set.MailDomain, set.QuestionPrefix, set.RequestPrefix = "Gemeente A", "Gemeente A", "a.example", "GA", "GA"
			if err := svcA.Save(ctx, "beheer@a.example", set); err != nil {
				t.Fatal(err)
			}
			if _, err := sb.MunicipalitySettings(ctx); !errors.Is(err, problem.ErrNotFound) {
				t.Errorf("tenant B sees tenant A's settings: %v", err)
			}
			if _, err := host.MunicipalitySettings(ctx); !errors.Is(err, problem.ErrNotFound) {
				t.Errorf("the host database holds tenant A's settings: %v", err)
			}
			if entries, _ := sb.AuditEntries(ctx, store.AuditFilter{}); len(entries) != 0 {
				t.Errorf("tenant B's audit log shows %d entries of tenant A", len(entries))
			}
			if sa.Channel(store.ArticleChannel) == sb.Channel(store.ArticleChannel) || host.Channel(store.ArticleChannel) != store.ArticleChannel {
				t.Errorf("notification channels: host %q, A %q, B %q", host.Channel(store.ArticleChannel),
					sa.Channel(store.ArticleChannel), sb.Channel(store.ArticleChannel))
			}
		})
	}
}
