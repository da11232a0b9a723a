package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// ErrSchemaTooNew is returned when the database was migrated by a newer loket.
var ErrSchemaTooNew = fmt.Errorf("store: the database schema is newer than this version of loket knows")

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the ordered migrations of a dialect, named NNNN_name.sql.
func migrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var list []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: version, name: e.Name(), sql: string(body)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	for i := 1; i < len(list); i++ {
		if list[i].version == list[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", list[i-1].name, list[i].name)
		}
	}
	return list, nil
}

// SchemaVersion is the newest migration this build knows for the store's dialect.
func (s *Store) SchemaVersion() int {
	list, err := migrations(s.dialect)
	if err != nil || len(list) == 0 {
		return 0
	}
	return list[len(list)-1].version
}

// migrate applies every migration the database lacks, each in its own transaction, and refuses a
// database whose schema is newer than this build knows. Everything runs on one dedicated connection: on
// PostgreSQL the advisory lock belongs to a session, so taking it through the pool would lock one connection
// and migrate on others.
func (s *Store) migrate(ctx context.Context) (err error) {
	list, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect for migrations: %w", err)
	}
	defer conn.Close()
	if s.dialect == Postgres {
		// Several instances may start at once: one migrates, the others wait for it.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
			return fmt.Errorf("lock migrations: %w", err)
		}
		defer func() {
			if _, unlockErr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727274)`); unlockErr != nil {
				err = errors.Join(err, fmt.Errorf("unlock migrations: %w", unlockErr))
			}
		}()
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := appliedVersions(ctx, conn)
	if err != nil {
		return err
	}
	newest := 0
	for v := range applied {
		newest = max(newest, v)
	}
	if len(list) > 0 && newest > list[len(list)-1].version {
		return fmt.Errorf("%w (database %d, loket %d)", ErrSchemaTooNew, newest, list[len(list)-1].version)
	}
	// Every migration the database lacks is applied, in order, also one numbered below the newest applied
	// (work merged from a branch that numbered its migrations lower).
	for _, m := range list {
		if applied[m.version] {
			continue
		}
		if err := s.applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// appliedVersions reads which migrations the database has.
func appliedVersions(ctx context.Context, conn *sql.Conn) (map[int]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema version: %w", err)
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// applyMigration runs one migration and records it, in one transaction on conn.
func (s *Store) applyMigration(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: begin: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return errors.Join(fmt.Errorf("migration %s: %w", m.name, err), tx.Rollback())
	}
	_, err = tx.ExecContext(ctx, s.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.version, m.name, s.now())
	if err != nil {
		return errors.Join(fmt.Errorf("migration %s: record: %w", m.name, err), tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}
