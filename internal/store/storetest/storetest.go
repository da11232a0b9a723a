// Package storetest runs store-backed tests on every supported database: a fresh SQLite file and a fresh
// database on the throw-away PostgreSQL that scripts/test.sh starts (LOKET_TEST_POSTGRES).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"loket/internal/store"
)

// Each runs fn once per database, as subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, name := range []string{store.SQLite, store.Postgres} {
		t.Run(name, func(t *testing.T) {
			fn(t, Open(t, name))
		})
	}
}

// Open returns a migrated, empty store of the given dialect, closed when the test ends; opts are passed to
// store.Open (store.WithClock, for one).
func Open(t testing.TB, dialect string, opts ...store.Option) *store.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "loket.db")
	if dialect == store.Postgres {
		dsn = PostgresURL(t)
	}
	s, err := store.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatalf("open %s store: %v", dialect, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresURL creates a fresh database on the test server and returns its URL; it is dropped afterwards.
// Without LOKET_TEST_POSTGRES the test fails, unless LOKET_TEST_POSTGRES=off skips PostgreSQL on purpose.
func PostgresURL(t testing.TB) string {
	t.Helper()
	server := os.Getenv("LOKET_TEST_POSTGRES")
	switch server {
	case "off":
		t.Skip("LOKET_TEST_POSTGRES=off: PostgreSQL tests skipped")
	case "":
		t.Fatal("LOKET_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throw-away PostgreSQL")
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	defer admin.Close()
	name := "loket_test_" + randomHex(8)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", server)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("LOKET_TEST_POSTGRES is not a URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
