package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/problem"
	"loket/internal/tenant"
)

// TenantsChannel carries "a tenant was added or changed" between the instances of a deployment.
const TenantsChannel = "loket_tenants"

// Tenants lists the registered tenants with their host names, by id.
func (s *Store) Tenants(ctx context.Context) ([]tenant.Tenant, error) {
	rows, err := s.Query(ctx, `SELECT t.id, t.name, t.created_at, t.disabled_at IS NOT NULL, COALESCE(h.host, '') FROM tenants t
		LEFT JOIN tenant_hosts h ON h.tenant_id = t.id ORDER BY t.id, h.host`)
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	defer rows.Close()
	var list []tenant.Tenant
	for rows.Next() {
		var t tenant.Tenant
		var host string
		if err := rows.Scan(&t.ID, &t.Name, &t.Created, &t.Disabled, &host); err != nil {
			return nil, fmt.Errorf("list tenants: %w", err)
		}
		if n := len(list); n > 0 && list[n-1].ID == t.ID {
			list[n-1].Hosts = append(list[n-1].Hosts, host)
			continue
		}
		if host != "" {
			t.Hosts = []string{host}
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// AddTenant registers t with its host names in one transaction; a taken id or host is a Conflict.
func (s *Store) AddTenant(ctx context.Context, t tenant.Tenant) error {
	if t.Created.IsZero() {
		t.Created = s.now()
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var taken int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM tenants WHERE id = ?`, t.ID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return problem.New(problem.Conflict, "Er is al een gemeente met de id ‘"+t.ID+"’.")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)`, t.ID, t.Name, t.Created.UTC()); err != nil {
			return err
		}
		for _, h := range t.Hosts {
			if err := s.addHostTx(ctx, tx, t.ID, h); err != nil {
				return err
			}
		}
		return s.notify(ctx, tx, TenantsChannel, t.ID)
	})
}

// AddHost gives a tenant another host name.
func (s *Store) AddHost(ctx context.Context, id, host string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if err := s.addHostTx(ctx, tx, id, host); err != nil {
			return err
		}
		return s.notify(ctx, tx, TenantsChannel, id)
	})
}

// RenameTenant gives a tenant a new name, with its audit entry.
func (s *Store) RenameTenant(ctx context.Context, id, name, actor string) error {
	return s.changeTenant(ctx, id, actor, "naam: "+name, `UPDATE tenants SET name = ? WHERE id = ?`, name, id)
}

// SetTenantDisabled switches a tenant off or on, with its audit entry.
func (s *Store) SetTenantDisabled(ctx context.Context, id string, disabled bool, actor string) error {
	if disabled {
		return s.changeTenant(ctx, id, actor, "uitgezet", `UPDATE tenants SET disabled_at = ? WHERE id = ?`, s.now().UTC(), id)
	}
	return s.changeTenant(ctx, id, actor, "aangezet", `UPDATE tenants SET disabled_at = NULL WHERE id = ?`, id)
}

// RemoveHost takes a host name from a tenant, with its audit entry; its last host name is a Conflict.
func (s *Store) RemoveHost(ctx context.Context, id, host, actor string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM tenant_hosts WHERE tenant_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM tenant_hosts WHERE tenant_id = ? AND host = ?`, id, host)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			return problem.ErrNotFound
		}
		if n <= 1 {
			return problem.New(problem.Conflict, "Dit is de laatste hostnaam van deze gemeente. Voeg eerst een andere toe, of zet de gemeente uit.")
		}
		if err := s.auditTx(ctx, tx, actor, "update", id, "host weggehaald: "+host); err != nil {
			return err
		}
		return s.notify(ctx, tx, TenantsChannel, id)
	})
}

// AuditTenant records a change of a tenant in the host's audit log.
func (s *Store) AuditTenant(ctx context.Context, actor, action, id, detail string) error {
	return s.Audit(ctx, AuditEntry{Actor: actor, Action: action, ObjectType: "tenant", ObjectID: id, Detail: detail})
}

func (s *Store) changeTenant(ctx context.Context, id, actor, detail, query string, args ...any) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return problem.ErrNotFound
		}
		if err := s.auditTx(ctx, tx, actor, "update", id, detail); err != nil {
			return err
		}
		return s.notify(ctx, tx, TenantsChannel, id)
	})
}

func (s *Store) auditTx(ctx context.Context, tx *Tx, actor, action, id, detail string) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		s.now().UTC(), actor, action, "tenant", id, detail)
	return err
}

func (s *Store) addHostTx(ctx context.Context, tx *Tx, id, host string) error {
	var owner string
	err := tx.QueryRow(ctx, `SELECT tenant_id FROM tenant_hosts WHERE host = ?`, host).Scan(&owner)
	switch {
	case err == nil:
		return problem.New(problem.Conflict, "De hostnaam ‘"+host+"’ hoort al bij een andere gemeente.")
	case err != sql.ErrNoRows:
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO tenant_hosts (host, tenant_id) VALUES (?, ?)`, host, id)
	return err
}

// TenantDSN is where tenant id keeps its data on the deployment whose own database is hostDSN: a SQLite
// file beside it (loket.db → loket-tenants/ID.db), or a schema of the same PostgreSQL database.
func TenantDSN(hostDSN, id string) (string, error) {
	if !IsPostgresURL(hostDSN) {
		base := strings.TrimSuffix(hostDSN, filepath.Ext(hostDSN))
		return filepath.Join(base+"-tenants", id+".db"), nil
	}
	u, err := url.Parse(hostDSN)
	if err != nil {
		return "", fmt.Errorf("database URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", tenantSchema(id))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func tenantSchema(id string) string { return "tenant_" + strings.ReplaceAll(id, "-", "_") }

// OpenTenant opens (creating it when new) the database of tenant id and migrates it. Its connection pool
// is small, because a deployment holds hundreds of tenants; its change notifications carry the tenant's id,
// so that instances apply them to the right tenant only.
func OpenTenant(ctx context.Context, hostDSN, id string, opts ...Option) (*Store, error) {
	dsn, err := TenantDSN(hostDSN, id)
	if err != nil {
		return nil, err
	}
	if IsPostgresURL(hostDSN) {
		if err := createSchema(ctx, hostDSN, tenantSchema(id)); err != nil {
			return nil, err
		}
	} else if err := mkdirFor(dsn); err != nil {
		return nil, err
	}
	s, err := open(ctx, dsn, TenantChannel("", id), opts)
	if err != nil {
		return nil, fmt.Errorf("tenant %s: %w", id, err)
	}
	if s.dialect == Postgres {
		s.db.SetMaxOpenConns(4)
		s.db.SetMaxIdleConns(1)
		s.db.SetConnMaxIdleTime(time.Minute)
	}
	return s, nil
}

func createSchema(ctx context.Context, hostDSN, schema string) error {
	conn, err := pgx.Connect(ctx, hostDSN)
	if err != nil {
		return fmt.Errorf("connect to create schema: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("create schema %s: %w", schema, err)
	}
	return nil
}

// Channel is the notification channel name for this store's database: the same name for a single
// installation, with the tenant's id for a tenant.
func (s *Store) Channel(name string) string { return name + s.channelSuffix }

// TenantChannel is the name of channel name in tenant id's database (its store's Channel), for listening
// before the tenant's store is open.
func TenantChannel(name, id string) string { return name + "_" + id }

func mkdirFor(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("create tenant directory: %w", err)
	}
	return nil
}
