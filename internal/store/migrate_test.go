package store_test

import (
	"context"
	"testing"

	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAppliesAMissingLowerMigration: a database that has a newer migration but lacks an older one (work
// merged from a branch that numbered its migrations lower) gets the missing one at the next start.
func TestAppliesAMissingLowerMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// Undo migration 0040 (the municipality settings table) as if it had never run.
		if _, err := s.Exec(ctx, `DROP TABLE municipality_settings`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Exec(ctx, `DELETE FROM schema_migrations WHERE version = 40`); err != nil {
			t.Fatal(err)
		}
		again, err := store.Open(ctx, s.DSN())
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if _, err := again.Exec(ctx, `INSERT INTO municipality_settings (id, body, updated_at, updated_by) VALUES (1, '{}', CURRENT_TIMESTAMP, 'test')`); err != nil {
			t.Fatalf("the missing migration 0040 was not applied: %v", err)
		}
	})
}
